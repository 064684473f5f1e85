import { expect, test } from "@playwright/test";
import { expectLine, typeCommand, waitForPrompt } from "./console.ts";

test("the board view follows an mcexec program: its thread on an LWK CPU, system-call counters, IKC traffic", async ({ page }, testInfo) => {
  test.setTimeout(10 * 60_000);
  await page.goto("/");
  await waitForPrompt(page);
  await typeCommand(page, "cd ~/install/$(uname -r) && sudo sbin/mcreboot.sh -c 2,3 && echo mck-up");
  await expectLine(page, /^mck-up$/);
  // A shell on the LWK that stays busy (its loop makes no system call) until it is killed.
  await typeCommand(page, "bin/mcexec sh -c 'echo lwk-sh-up; while :; do :; done' & sleep 1");
  // The job prints after the prompt came back, on the prompt's line.
  await expectLine(page, /lwk-sh-up$/);
  const busy = page.locator('.bv-cpu[data-owner="running"]:not([data-thread="idle"])');
  await expect(busy).toHaveCount(1);
  await expect(busy.locator(".bv-thread")).toContainText(/^sh pid \d+ tid \d+$/);
  const counters = page.locator(".bv-counters");
  await expect(counters).toContainText(/local [1-9]\d* · offloaded [1-9]\d* · IKC messages: [1-9]/);
  await expect(page.locator(".bv-log li").filter({ hasText: /^IKC OS 0 → Linux port 50[12]: / }).first()).toBeAttached();
  await expect(page.locator(".bv-log li").filter({ hasText: /^CPU [23]: \w+\(\) of \d+\/\d+ offloaded to Linux$/ }).first()).toBeAttached();
  const shot = testInfo.outputPath("board-view-lwk-busy.png");
  await page.screenshot({ path: shot });
  await testInfo.attach("board view with a busy LWK CPU", { path: shot, contentType: "image/png" });
  // The signal goes to mcexec, which forwards it to the LWK process.
  await typeCommand(page, "kill $!; wait $!; echo lwk-sh-gone");
  await expectLine(page, /^lwk-sh-gone$/);
  await expect(page.locator('.bv-cpu[data-owner="running"]:not([data-thread="idle"])')).toHaveCount(0);
  await expect(page.locator(".bv-log li").filter({ hasText: /^OS 0: process \d+ \(sh\) exited/ }).first()).toBeAttached();
});
