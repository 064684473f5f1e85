import { expect, test } from "@playwright/test";
import { expectLine, screenLines, typeCommand, waitForPrompt } from "./console.ts";

test("the lab boots to a prompt and shows 4 CPUs with only CPU 0 online", async ({ page }, testInfo) => {
  await page.goto("/");
  await waitForPrompt(page);
  await typeCommand(page, "lscpu | grep CPU");
  await expectLine(page, /^CPU\(s\):\s+4$/);
  await expectLine(page, /^\s*On-line CPU\(s\) list:\s+0$/);
  await expectLine(page, /^\s*Off-line CPU\(s\) list:\s+1-3$/);
  const shot = testInfo.outputPath("lab-prompt.png");
  await page.screenshot({ path: shot });
  await testInfo.attach("lab-prompt", { path: shot, contentType: "image/png" });
});

test("a file in ~ survives a reload and Reset lab removes it after confirmation", async ({ page }) => {
  await page.goto("/");
  await waitForPrompt(page);
  await typeCommand(page, "echo cn01-kept-$((40+2)) > ~/keep.txt");
  await expect(page.locator("#home-status")).toHaveAttribute("data-saved", "yes");

  await page.reload();
  await waitForPrompt(page);
  await typeCommand(page, "cat ~/keep.txt");
  await expectLine(page, /^cn01-kept-42$/);

  await page.locator("#reset-lab").click();
  await page.locator("#reset-dialog button[value=cancel]").click();
  await typeCommand(page, "cat ~/keep.txt | tr a-z A-Z");
  await expectLine(page, /^CN01-KEPT-42$/);

  await page.locator("#reset-lab").click();
  await page.locator("#reset-confirm").click();
  await expect(page.locator("#home-status")).toHaveAttribute("data-saved", "reset");
  await typeCommand(page, "ls ~/keep.txt");
  await expectLine(page, /keep\.txt: No such file or directory$/);

  await page.reload();
  await waitForPrompt(page);
  await typeCommand(page, "ls ~/keep.txt ~/src");
  await expectLine(page, /keep\.txt: No such file or directory$/);
});

test("without the boot snapshot the page says so and cold-boots to a prompt", async ({ page }) => {
  test.setTimeout(600_000);
  await page.route("**/snapshot/cn01.snapshot", (route) => route.fulfill({ status: 404, body: "not here" }));
  await page.goto("/");
  await expect(page.locator("#notice")).toContainText("No boot snapshot");
  await waitForPrompt(page, 540_000);
  await typeCommand(page, "echo $((6*7))");
  await expectLine(page, /^42$/);
});

test("a snapshot cut short in its download is reported, and the page cold-boots to a prompt", async ({ page }) => {
  test.setTimeout(600_000);
  await page.route("**/snapshot/cn01.snapshot", async (route) => {
    const whole = await (await route.fetch()).body();
    await route.fulfill({ status: 200, body: whole.subarray(0, whole.length >> 1) });
  });
  await page.goto("/");
  await expect(page.locator("#notice")).toContainText("Cold boot: the boot snapshot could not be restored");
  await waitForPrompt(page, 540_000);
  await typeCommand(page, "echo $((6*7))");
  await expectLine(page, /^42$/);
});

test("a failed image download shows an error in the page", async ({ page }) => {
  await page.route("**/snapshot/cn01.snapshot", (route) => route.fulfill({ status: 404, body: "" }));
  await page.route("**/images/bzImage", (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto("/");
  await expect(page.locator("#error")).toBeVisible();
  await expect(page.locator("#error")).toContainText("bzImage failed: HTTP 404");
  await expect(page.locator("body")).toHaveAttribute("data-board", "failed");
});

test("a broken worker shows an error in the page", async ({ page }) => {
  await page.route("**/*board.worker*", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: "throw new Error('broken on purpose');" }));
  await page.goto("/");
  await expect(page.locator("#error")).toContainText("worker");
  await expect(page.locator("#error")).toContainText("broken on purpose");
});

test("a worker that cannot be loaded shows an error in the page", async ({ page }) => {
  await page.route("**/*board.worker*", (route) => route.abort());
  await page.goto("/");
  await expect(page.locator("#error")).toContainText("worker");
  // The page stays responsive: its controls still work.
  await page.locator("#search-toggle").click();
  await expect(page.locator("#search")).toBeVisible();
});

test("the terminal fits the window and finds text in its scrollback", async ({ page }) => {
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto("/");
  await waitForPrompt(page);
  const rows = () => page.locator(".xterm-rows > div").count();
  const tall = await rows();
  await page.setViewportSize({ width: 1200, height: 500 });
  await expect.poll(rows).toBeLessThan(tall);

  await typeCommand(page, "seq 1 300 | sed 's/^/line-/'; echo needle-$((2*21))");
  await expectLine(page, /^needle-42$/);
  await typeCommand(page, "clear");
  // The search starts once the screen is cleared, so the match has to come from the scrollback.
  await expect.poll(async () => (await screenLines(page))[0]).toBe("hpcuser@cn01:~$");
  await page.keyboard.press("Control+Shift+F");
  await expect(page.locator("#search-input")).toBeFocused();
  await page.keyboard.type("line-17");
  await page.keyboard.press("Enter");
  // The match scrolls into view and is selected.
  await expectLine(page, /^line-17\d?$/);
  await expect(page.locator(".xterm-selection div")).not.toHaveCount(0);
});

test("Ctrl+Shift+V pastes the clipboard into the guest, Ctrl+Shift+C copies the selection", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  await page.goto("/");
  await waitForPrompt(page);
  await page.evaluate(() => navigator.clipboard.writeText("echo pasted-$((3*3))"));
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.press("Control+Shift+V");
  await page.keyboard.press("Enter");
  await expectLine(page, /^pasted-9$/);

  await page.evaluate(() => navigator.clipboard.writeText(""));
  const row = await page.locator(".xterm-rows > div", { hasText: /^pasted-9$/ }).boundingBox();
  await page.mouse.dblclick(row!.x + 12, row!.y + row!.height / 2);
  await page.keyboard.press("Control+Shift+C");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("pasted-9");
});
