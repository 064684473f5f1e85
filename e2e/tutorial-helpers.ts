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

/** The last non-blank row of the terminal. */
export async function lastLine(page: Page): Promise<string> {
  return (await screenLines(page)).filter((line) => line !== "").at(-1) ?? "";
}

let nonce = 0;

/** Runs a command in the terminal; returns its output, which must fit on one line. */
export async function ask(page: Page, command: string): Promise<string> {
  const tag = `Q${++nonce}x${Date.now() % 100000}`;
  // The tag is split in the typed line, so only the output line carries it whole.
  await typeCommand(page, `echo "${tag.slice(0, 1)}""${tag.slice(1)}:$(${command})"`);
  let found: string | undefined;
  await expect.poll(async () => {
    found = (await screenLines(page)).find((l) => l.startsWith(`${tag}:`))?.slice(tag.length + 1);
    return found !== undefined;
  }, { timeout: 30_000 }).toBe(true);
  return found!;
}

/** "0", "2-3", "1,3" → [0], [2, 3], [1, 3]. */
function cpuList(text: string): number[] {
  return text.split(",").filter(Boolean).flatMap((part) => {
    const [from, to] = part.split("-").map(Number);
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => from! + i);
  });
}

async function cpusOwnedBy(page: Page, owners: string[]): Promise<number[]> {
  const all = await page.locator(".bv-cpu").evaluateAll((items) => items.map((i) => [(i as HTMLElement).dataset.cpu, (i as HTMLElement).dataset.owner]));
  return all.filter(([, owner]) => owners.includes(owner!)).map(([cpu]) => Number(cpu));
}

/** The board view against /proc/meminfo and lscpu, as the guest reports them now. */
export async function expectBoardViewMatchesGuest(page: Page): Promise<void> {
  const bar = page.locator(".bv-membar");
  const total = Number(await bar.getAttribute("data-total-bytes"));
  const reserved = Number(await bar.getAttribute("data-reserved-bytes"));
  // One command line for all four answers: typing into the guest is slow.
  const answer = await ask(page, [
    "{ awk '/^MemTotal/{t=$2}/^MemFree/{f=$2}END{print t, f}' /proc/meminfo",
    "printf '|'",
    "lscpu | sed -n 's/^On-line CPU(s) list: *//p'",
    "printf '|'",
    "{ [ -r /dev/mcd0 ] && ~/install/$(uname -r)/sbin/ihkconfig 0 query cpu 2>/dev/null || echo unavailable; }",
    "printf '|'",
    "{ [ -r /dev/mcos0 ] && ~/install/$(uname -r)/sbin/ihkosctl 0 query cpu 2>/dev/null || echo unavailable; }; } | tr -d '\\n'",
  ].join("; "));
  const [memory, online, poolCpus, os0Cpus] = answer.split("|").map((part) => part.trim());
  const [memTotalKb, memFreeKb] = memory!.split(" ").map(Number);
  const linuxBytes = total - reserved;
  // Linux sees almost all the RAM (the kernel keeps a little) whatever IHK reserves.
  expect(memTotalKb! * 1024).toBeLessThanOrEqual(total);
  expect(memTotalKb! * 1024).toBeGreaterThan(total * 0.9);
  // What the view leaves Linux bounds MemFree from above, and Linux's own use (< 300 MiB here) from below.
  expect(memFreeKb! * 1024).toBeLessThanOrEqual(linuxBytes);
  expect(memFreeKb! * 1024).toBeGreaterThan(linuxBytes - 300 * 2 ** 20);
  expect(cpuList(online!)).toEqual(await cpusOwnedBy(page, ["linux"]));
  // Once IHK's devices are the learner's, IHK's own answers must match the view: the pool
  // (reserved CPUs not yet given to an OS) and OS 0's CPUs.
  if (poolCpus !== "unavailable") expect(cpuList(poolCpus!)).toEqual(await cpusOwnedBy(page, ["reserved"]));
  if (os0Cpus !== "unavailable") expect(cpuList(os0Cpus!)).toEqual(await cpusOwnedBy(page, ["assigned", "running"]));
}

/** WCAG contrast ratio of an element's text against the first opaque background behind it. */
export async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((node) => {
    const rgb = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]): number => {
      const lin = (c: number): number => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    let back: Element | null = node;
    let bg = [0, 0, 0, 0];
    while (back && (bg.length < 4 ? false : bg[3] === 0)) {
      bg = rgb(getComputedStyle(back).backgroundColor);
      back = back.parentElement;
    }
    const [fg, bgL] = [luminance(rgb(getComputedStyle(node).color)), luminance(bg)];
    return (Math.max(fg, bgL) + 0.05) / (Math.min(fg, bgL) + 0.05);
  });
}
