// Helpers to use the lab's terminal like a learner: type into it and read what it shows.

import { expect, type Page } from "@playwright/test";

/** Waits until the guest's shell prompt has appeared in the page. */
export async function waitForPrompt(page: Page): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-board", "ready", { timeout: 120_000 });
  await expect(page.locator(".xterm-rows")).toContainText("hpcuser@cn01:~$");
}

/** Types a command line into the terminal and presses Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

export function screen(page: Page) {
  return page.locator(".xterm-rows");
}
