// Helpers to use the tutorial panel like a learner, and to compare the board view with what
// the guest itself reports.

import { expect, type Page } from "@playwright/test";
import { screenLines, typeCommand } from "./console.ts";

export const step = (page: Page) => page.locator(".tut-step");

/** Clicks each Run of the current step, waiting for the shell to run each command. */
export async function runStep(page: Page): Promise<void> {
  const runs = step(page).locator(".tut-run");
  for (let i = 0; i < (await runs.count()); i++) await runs.nth(i).click();
  // The panel counts the commands typed and not finished yet.
  await expect(page.locator("#tutorial")).toHaveAttribute("data-pending", "0", { timeout: 120_000 });
}

/** Clicks Check and returns the verdict once it is in. */
export async function checkStep(page: Page): Promise<{ result: string; text: string }> {
  await step(page).locator(".tut-check").click();
  const verdict = step(page).locator(".tut-verdict");
  await expect(verdict).toHaveAttribute("data-result", /^(pass|fail)$/, { timeout: 90_000 });
  return { result: (await verdict.getAttribute("data-result")) ?? "", text: await verdict.innerText() };
}

let nonce = 0;

/** Runs a command in the terminal whose one output line starts with a tag; returns the rest of that line. */
export async function ask(page: Page, command: string): Promise<string> {
  const tag = `Q${++nonce}${Date.now() % 100000}`;
  // The tag is split in the typed line, so only the output line carries it whole.
  await typeCommand(page, `echo "${tag.slice(0, 1)}""${tag.slice(1)}" $(${command})`);
  let found = "";
  await expect.poll(async () => {
    const line = (await screenLines(page)).find((l) => l.startsWith(`${tag} `));
    found = line ? line.slice(tag.length + 1) : "";
    return found !== "";
  }, { timeout: 30_000 }).toBe(true);
  return found;
}

/** The board view against /proc/meminfo and lscpu, as the guest reports them now. */
export async function expectBoardViewMatchesGuest(page: Page): Promise<void> {
  const bar = page.locator(".bv-membar");
  const total = Number(await bar.getAttribute("data-total-bytes"));
  const reserved = Number(await bar.getAttribute("data-reserved-bytes"));
  const [memTotalKb, memFreeKb] = (await ask(page, "awk '/^MemTotal/{t=$2}/^MemFree/{f=$2}END{print t, f}' /proc/meminfo")).split(" ").map(Number);
  const linuxBytes = total - reserved;
  // Linux sees almost all the RAM (the kernel keeps a little) whatever IHK reserves.
  expect(memTotalKb! * 1024).toBeLessThanOrEqual(total);
  expect(memTotalKb! * 1024).toBeGreaterThan(total * 0.9);
  // What the view leaves Linux bounds MemFree from above, and Linux's own use (< 300 MiB here) from below.
  expect(memFreeKb! * 1024).toBeLessThanOrEqual(linuxBytes);
  expect(memFreeKb! * 1024).toBeGreaterThan(linuxBytes - 300 * 2 ** 20);
  const online = await ask(page, "lscpu | sed -n 's/^On-line CPU(s) list: *//p'");
  const linuxCpus = await page.locator('.bv-cpu[data-owner="linux"]').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.cpu).join(","));
  expect(online.replace(/-/g, ",")).toBe(linuxCpus);
}
