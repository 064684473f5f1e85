// Helpers to use the lab's terminal like a learner: type into it and read what it shows.

import { expect, type Page } from "@playwright/test";

/** Waits until the guest's shell prompt has appeared in the page (a cold boot on a busy 2-core machine takes minutes). */
export async function waitForPrompt(page: Page, timeout = 120_000): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-board", "ready", { timeout });
  await expectLine(page, /^hpcuser@cn01:~\$/);
}

/** Types a command line into the terminal and presses Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

/** The terminal's visible rows as text. */
export async function screenLines(page: Page): Promise<string[]> {
  const rows = await page.locator(".xterm-rows > div").allInnerTexts();
  return rows.map((row) => row.replace(/\u00a0/g, " ").trimEnd());
}

/** Waits until some row of the terminal matches. */
export async function expectLine(page: Page, pattern: RegExp): Promise<void> {
  await expect.poll(async () => (await screenLines(page)).some((line) => pattern.test(line)), { timeout: 60_000 }).toBe(true);
}
