import { expect, test, type Page } from "@playwright/test";
import { screenLines, typeCommand, waitForPrompt } from "./console.ts";
import { checkStep, contrastOf, expectBoardViewMatchesGuest, lastLine, runStep, step } from "./tutorial-helpers.ts";

const LAB = "/?lab=ihk-mckernel";

async function openFresh(page: Page, query = `${LAB}&step=1`): Promise<void> {
  await page.goto("/");
  await page.evaluate(() => localStorage.clear());
  await page.goto(query);
  await waitForPrompt(page);
}

test("walks every landed step of the tutorial: Run, Check passes, the board view matches the guest", async ({ page }, testInfo) => {
  test.setTimeout(20 * 60_000);
  await openFresh(page);
  await expectBoardViewMatchesGuest(page);
  const total = Number((await step(page).locator(".tut-title").innerText()).match(/of (\d+)/)![1]);
  let section = "";
  for (let n = 1; n <= total; n++) {
    const here = step(page);
    await expect(here.locator(".tut-title")).toContainText(`Step ${n} of ${total}`);
    const sectionTitle = await here.locator(".tut-section").innerText();
    if ((await here.getAttribute("data-status")) === "soon") {
      await expect(here.locator(".tut-soon")).toContainText("Coming soon");
      await expect(here.locator(".tut-check")).toBeDisabled();
    } else {
      await runStep(page);
      const verdict = await checkStep(page);
      expect(verdict.result, `step ${n}: ${verdict.text}`).toBe("pass");
      await expect(here).toHaveAttribute("data-status", "done");
      await expectBoardViewMatchesGuest(page);
    }
    if (sectionTitle !== section) {
      section = sectionTitle;
      const shot = testInfo.outputPath(`section-${String(n).padStart(2, "0")}.png`);
      await page.screenshot({ path: shot });
      await testInfo.attach(`section ${n}: ${sectionTitle}`, { path: shot, contentType: "image/png" });
    }
    if (n < total) await page.locator(".tut-next").click();
  }
});

test("Check fails with a helpful message when the step was skipped, and passes once it is done", async ({ page }) => {
  await openFresh(page);
  await expect(step(page)).toHaveAttribute("data-step", "cd-install");
  const skipped = await checkStep(page);
  expect(skipped.result).toBe("fail");
  expect(skipped.text).toMatch(/your shell is in \/home\/hpcuser, not in \/home\/hpcuser\/install\/6\.1\.\d+-cn01/);
  await runStep(page);
  expect((await checkStep(page)).result).toBe("pass");
});

test("a check leaves the learner's terminal as it was", async ({ page }) => {
  await openFresh(page);
  await typeCommand(page, "echo before-$((20+1))");
  await expect.poll(async () => (await screenLines(page)).includes("before-21")).toBe(true);
  // And the prompt after the output: the screen must be still before it is compared.
  await expect.poll(() => lastLine(page)).toBe("hpcuser@cn01:~$");
  const before = await screenLines(page);
  expect((await checkStep(page)).result).toBe("fail");
  expect(await screenLines(page)).toEqual(before);
  // The shell still works, in the same directory.
  await typeCommand(page, "pwd");
  await expect.poll(async () => (await screenLines(page)).includes("/home/hpcuser")).toBe(true);
});

test("a reload restores the step and the progress; a link opens a step; Reset step forgets it", async ({ page }) => {
  await openFresh(page);
  await runStep(page);
  expect((await checkStep(page)).result).toBe("pass");
  await page.locator(".tut-next").click();
  await page.locator(".tut-next").click();
  await expect(page).toHaveURL(/step=3/);
  await page.reload();
  await waitForPrompt(page);
  await expect(step(page).locator(".tut-title")).toContainText("Step 3 of");
  await page.locator(".tut-steps summary").click();
  await expect(page.locator(".tut-step-link").first()).toContainText("✔");
  // The node restarted with the page: the panel offers to redo the steps done.
  await page.getByRole("button", { name: "Redo the steps done" }).click();
  await expect(page.locator("#tutorial")).toHaveAttribute("data-pending", "0");
  // The panel counts a command done when the shell's prompt arrives; xterm draws it a moment later.
  await expect.poll(() => lastLine(page)).toMatch(/^hpcuser@cn01:~\/install\/6\.1\.\d+-cn01\$$/);

  await page.goto(`${LAB}&step=4`);
  await waitForPrompt(page);
  await expect(step(page)).toHaveAttribute("data-step", "lscpu");
  await page.locator(".tut-steps summary").click();
  await page.locator(".tut-step-link").first().click();
  await expect(step(page)).toHaveAttribute("data-status", "done");
  // The page restarted the node, so the shell is back in ~: do the step again, then reset it.
  await runStep(page);
  expect((await checkStep(page)).result).toBe("pass");
  await step(page).locator(".tut-reset").click();
  await expect(step(page)).toHaveAttribute("data-status", "open");
  // Its undo command ran in the terminal, so the check fails again.
  await expect(page.locator("#tutorial")).toHaveAttribute("data-pending", "0");
  await expect.poll(() => lastLine(page)).toBe("hpcuser@cn01:~$");
  expect((await checkStep(page)).result).toBe("fail");
});

test("keyboard only: Run, Check and Next work from the keyboard and the layout fits 1280x720", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFresh(page);
  const run = step(page).locator(".tut-run").first();
  await run.focus();
  await page.keyboard.press("Enter");
  // A keyboard user keeps their place on the button.
  await expect(run).toBeFocused();
  await expect.poll(() => lastLine(page)).toMatch(/^hpcuser@cn01:~\/install\/.*\$$/);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(step(page).locator(".tut-check")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(step(page).locator(".tut-verdict")).toHaveAttribute("data-result", "pass", { timeout: 90_000 });
  await page.locator(".tut-next").focus();
  await page.keyboard.press("Enter");
  await expect(step(page).locator(".tut-title")).toBeFocused();
  await page.locator("#split").focus();
  const width = async () => (await page.locator("#side").boundingBox())!.width;
  const before = await width();
  await page.keyboard.press("ArrowLeft");
  expect(await width()).toBeGreaterThan(before);
  const terminal = (await page.locator("#terminal").boundingBox())!;
  expect(terminal.width).toBeGreaterThan(500);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  // Text in the panel and the board view is readable (WCAG AA: 4.5:1).
  for (const selector of [".tut-step p", ".tut-section", ".tut-verdict", ".tut-step-link", ".tut-cmd code", ".bv-cpu span", ".bv-legend", "button.tut-check"]) {
    expect(await contrastOf(page, selector), selector).toBeGreaterThanOrEqual(4.5);
  }
});
