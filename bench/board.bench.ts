// Board figures, all measured in one run: cold boot and snapshot restore to a usable prompt
// (Node, and Chromium for the page), the share of the board thread's time that v86 gets
// while the scheduler has nothing else to run, and v86's speed on a CPU-bound guest loop.

import { execFileSync } from "node:child_process";
import { chromium, type Page } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_LAUNCH } from "../e2e/chromium.ts";
import { createNodeBoard } from "../src/cli/node-board.ts";
import { defaultManifestPath, REPO_ROOT } from "../src/cli/paths.ts";
import { Session } from "../src/cli/session.ts";
import type { BenchRow } from "./bench.ts";

/** A CPU-bound guest program (compiled in the guest with its gcc, i.e. tcc). */
const LOOP_C = `int main(void) {
  unsigned i, s = 0;
  for (i = 0; i < 150000000u; i++) s += i ^ (s >> 3);
  return s == 1;
}
`;
const COMPILE_LOOP = `cat > loop.c <<'EOF'\n${LOOP_C}EOF\ngcc -o loop loop.c`;

const seconds = (ms: number): number => Number((ms / 1000).toFixed(2));

async function timeToPrompt(open: () => Promise<Session>): Promise<{ session: Session; ms: number }> {
  const started = performance.now();
  const session = await open();
  // A usable prompt: the shell answers a command.
  await session.runCommands("true");
  return { session, ms: performance.now() - started };
}

/** Guest instructions per µs while `commands` run, sampling often so the 32-bit counter's wrap is seen. */
async function mips(session: Session, commands: string): Promise<{ mips: number; v86Share: number }> {
  let total = 0;
  let last = session.board.instructionCount();
  const sample = (): void => {
    const now = session.board.instructionCount();
    total += (now - last) >>> 0;
    last = now;
  };
  const sampler = setInterval(sample, 100);
  session.board.resetSchedulerStats();
  const started = performance.now();
  await session.runCommands(commands);
  const elapsed = performance.now() - started;
  const stats = session.board.schedulerStats();
  clearInterval(sampler);
  sample();
  return { mips: total / elapsed / 1000, v86Share: stats.v86Ms / stats.wallMs };
}

/** The guest alone: from v86 starting the BIOS to the shell's first prompt. */
async function guestBootMs(): Promise<number> {
  const { board, machine } = await createNodeBoard(defaultManifestPath());
  let bootingAt = 0;
  const prompt = new Promise<number>((done) => {
    board.events.subscribe((event) => {
      if (event.type === "phase" && event.phase === "booting") bootingAt = performance.now();
      if (event.type === "prompt") done(performance.now());
    });
  });
  await board.start({ machine });
  const promptAt = await prompt;
  await board.shutdown();
  return promptAt - bootingAt;
}

async function nodeRows(): Promise<BenchRow[]> {
  // The restore figure needs a snapshot of the current images.
  execFileSync("npm", ["run", "snapshot"], { cwd: REPO_ROOT, stdio: "inherit" });
  const guestBoot = await guestBootMs();
  const cold = await timeToPrompt(() => Session.open({ cold: true }));
  await cold.session.close();
  const restored = await timeToPrompt(() => Session.open());
  const restoreRow: BenchRow = restored.session.report.mode === "restored"
    ? { name: "snapshot restore to prompt, Node", value: seconds(restored.ms), unit: "s" }
    : { name: "snapshot restore to prompt, Node", value: null, unit: "s", note: `cold boot instead: ${restored.session.report.fallbackReason}` };
  await restored.session.runCommands(COMPILE_LOOP);
  const loop = await mips(restored.session, "./loop");
  await restored.session.close();
  return [
    { name: "cold boot, BIOS to first prompt, Node", value: seconds(guestBoot), unit: "s" },
    { name: "cold boot to a usable prompt, Node", value: seconds(cold.ms), unit: "s", note: "Session.open: images, LWK bundle, boot, a first command" },
    restoreRow,
    { name: "v86 share of thread, scheduler idle, Node", value: Number((loop.v86Share * 100).toFixed(1)), unit: "%" },
    { name: "v86 on a guest loop, Node", value: Math.round(loop.mips), unit: "MIPS" },
  ];
}

async function readyMs(page: Page): Promise<number> {
  await page.waitForSelector("body[data-board=ready]", { timeout: 600_000 });
  return Number(await page.locator("body").getAttribute("data-ready-ms"));
}

/** A page-load row, or no figure when the page fell back to a cold boot (its notice says why). */
async function restoreRow(name: string, page: Page, ms: number): Promise<BenchRow> {
  const notice = (await page.locator("#notice").innerText()).trim();
  return notice.startsWith("Cold boot") ? { name, value: null, unit: "s", note: notice } : { name, value: seconds(ms), unit: "s" };
}

/** When each step of the page's last load happened (the marks main.ts sets), as rows. */
async function loadSteps(page: Page): Promise<BenchRow[]> {
  const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => ({ name: m.name, at: m.startTime })));
  const first = new Map<string, number>();
  for (const mark of marks) if (mark.name.startsWith("cn01: ") && !first.has(mark.name)) first.set(mark.name, mark.at);
  return [...first].map(([name, at]) => ({ name: `  at ${name.slice("cn01: ".length)}`, value: seconds(at), unit: "s" }));
}

/** The board's numbers from inside the page's worker, through the handle main.ts exposes. */
async function pageLoop(page: Page): Promise<{ mips: number; v86Share: number }> {
  const type = async (line: string): Promise<void> => {
    await page.locator(".xterm-helper-textarea").focus();
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
  };
  await type(`printf '${LOOP_C.replace(/\n/g, "\\n")}' > loop.c && gcc -o loop loop.c && echo compiled-ok`);
  await page.locator(".xterm-rows").getByText("compiled-ok", { exact: true }).waitFor({ timeout: 120_000 });
  type Remote = { resetSchedulerStats(): Promise<void>; schedulerStats(): Promise<{ v86Ms: number; wallMs: number }>; instructionCount(): Promise<number> };
  const before = await page.evaluate(async () => {
    const board = (window as unknown as { cn01Board: Remote }).cn01Board;
    await board.resetSchedulerStats();
    return { count: await board.instructionCount(), at: performance.now() };
  });
  let total = 0;
  let last = before.count;
  await type("./loop; echo loop-done");
  while ((await page.locator(".xterm-rows").getByText("loop-done", { exact: true }).count()) === 0) {
    const now = await page.evaluate(() => (window as unknown as { cn01Board: Remote }).cn01Board.instructionCount());
    total += (now - last) >>> 0;
    last = now;
    await page.waitForTimeout(100);
  }
  const after = await page.evaluate(async () => {
    const board = (window as unknown as { cn01Board: Remote }).cn01Board;
    return { count: await board.instructionCount(), at: performance.now(), stats: await board.schedulerStats() };
  });
  total += (after.count - last) >>> 0;
  return { mips: total / (after.at - before.at) / 1000, v86Share: after.stats.v86Ms / after.stats.wallMs };
}

async function chromiumRows(): Promise<BenchRow[]> {
  execFileSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  const server = await preview({ root: REPO_ROOT, preview: { port: 4181, strictPort: true, host: "127.0.0.1" } });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const url = "http://127.0.0.1:4181/";
    const page = await browser.newPage();
    await page.goto(url);
    const first = await restoreRow("page load to prompt, snapshot, Chromium", page, await readyMs(page));
    await page.reload();
    const again = await restoreRow("page reload to prompt, snapshot, Chromium", page, await readyMs(page));
    const againSteps = await loadSteps(page);
    const loop = await pageLoop(page);
    const coldPage = await browser.newPage();
    await coldPage.route("**/snapshot/cn01.snapshot", (route) => route.fulfill({ status: 404, body: "" }));
    await coldPage.goto(url);
    const cold = await readyMs(coldPage);
    return [
      first,
      again,
      ...againSteps,
      { name: "page load to prompt, cold boot, Chromium", value: seconds(cold), unit: "s" },
      { name: "v86 share of worker, sched. idle, Chromium", value: Number((loop.v86Share * 100).toFixed(1)), unit: "%" },
      { name: "v86 on a guest loop, Chromium worker", value: Math.round(loop.mips), unit: "MIPS" },
    ];
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

export default async function boardBench(): Promise<BenchRow[]> {
  return [...(await nodeRows()), ...(await chromiumRows())];
}
