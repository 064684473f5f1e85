// npm run labcheck: walks every step of every lab in the real page in Chromium (Debian's, never
// a downloaded one), clicking Run and Check like a learner, and prints a pass/fail table.
// Steps whose capability has not landed are skipped with the reason, never counted as passing.
//
// Usage: npm run labcheck -- [--url URL] [--lab NAME]... [--lab-file FILE.json]
//   --url       a running page (default: build it into .cache/labcheck-dist and serve it)
//   --lab       only these labs (default: all labs the page ships)
//   --lab-file  an instructor's lab file instead (checked by the page like a built-in lab)

import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../e2e/chromium.ts";
import { labNames } from "../src/labs/registry.ts";

const PORT = 4193;
const LAB_FILE_PATH = "/labcheck/lab.json";
const BOOT_TIMEOUT_MS = 180_000;
const STEP_TIMEOUT_MS = 180_000;

interface Row {
  lab: string;
  step: string;
  result: "pass" | "FAIL" | "skip";
  detail: string;
}

async function serve(): Promise<{ url: string; server: ChildProcess }> {
  // Its own build folder: an e2e run may be serving dist/ at the same time. Build logs go to
  // stderr, the table to stdout.
  const out = ".cache/labcheck-dist";
  const command = `npx tsx scripts/make-snapshot.ts && npx vite build --outDir ${out} --emptyOutDir && npx vite preview --outDir ${out} --host 127.0.0.1 --port ${PORT} --strictPort`;
  const server = spawn("sh", ["-c", command], { stdio: ["ignore", 2, 2], detached: true });
  const url = `http://127.0.0.1:${PORT}/`;
  let exited: number | null | undefined;
  server.on("exit", (code) => (exited = code));
  // The build (and a stale snapshot) take minutes: wait until the page answers.
  while ((await fetch(url).then((r) => r.ok, () => false)) === false) {
    if (exited !== undefined) throw new Error(`the page server exited (${exited})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { url, server };
}

async function waitForPrompt(page: Page): Promise<void> {
  await page.waitForSelector('body[data-board="ready"]', { timeout: BOOT_TIMEOUT_MS });
  await page.waitForSelector(".tut-step", { timeout: BOOT_TIMEOUT_MS });
}

async function walkStep(page: Page): Promise<Pick<Row, "result" | "detail">> {
  const step = page.locator(".tut-step");
  if ((await step.getAttribute("data-status")) === "soon") return { result: "skip", detail: `needs ${await step.getAttribute("data-requires")}, not landed yet` };
  const runs = step.locator(".tut-run");
  for (let i = 0; i < (await runs.count()); i++) await runs.nth(i).click();
  await page.waitForSelector('#tutorial[data-pending="0"]', { timeout: STEP_TIMEOUT_MS });
  await step.locator(".tut-check").click();
  const verdict = step.locator('.tut-verdict[data-result="pass"], .tut-verdict[data-result="fail"]');
  await verdict.waitFor({ timeout: STEP_TIMEOUT_MS });
  const passed = (await verdict.getAttribute("data-result")) === "pass";
  return { result: passed ? "pass" : "FAIL", detail: await verdict.innerText() };
}

async function walkLab(page: Page, base: string, query: string): Promise<Row[]> {
  await page.goto(base);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${base}?${query}&step=1`);
  await waitForPrompt(page);
  const lab = (await page.locator(".tut-lab").innerText()).trim();
  const rows: Row[] = [];
  for (;;) {
    const title = (await page.locator(".tut-title").innerText()).trim();
    const outcome = await walkStep(page).catch((error: Error) => ({ result: "FAIL" as const, detail: error.message.split("\n")[0]! }));
    rows.push({ lab, step: title, ...outcome });
    console.error(`${outcome.result.padEnd(4)} ${title}`);
    const next = page.locator(".tut-next");
    if (await next.isDisabled()) return rows;
    await next.click();
  }
}

function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.step.length));
  for (const row of rows) console.log(`${row.result.padEnd(4)}  ${row.step.padEnd(width)}  ${row.result === "pass" ? "" : row.detail.replace(/\s+/g, " ")}`);
  const count = (result: Row["result"]): number => rows.filter((r) => r.result === result).length;
  console.log(`\n${count("pass")} passed, ${count("FAIL")} failed, ${count("skip")} skipped (capability not landed yet)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: "string" }, lab: { type: "string", multiple: true }, "lab-file": { type: "string" } } });
  const served = values.url ? undefined : await serve();
  const base = values.url ?? served!.url;
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const rows: Row[] = [];
    if (values["lab-file"]) {
      const body = await readFile(values["lab-file"], "utf8");
      await page.route(`**${LAB_FILE_PATH}`, (route) => route.fulfill({ contentType: "application/json", body }));
      rows.push(...(await walkLab(page, base, `labUrl=${encodeURIComponent(LAB_FILE_PATH)}`)));
    } else {
      for (const name of values.lab ?? labNames()) rows.push(...(await walkLab(page, base, `lab=${encodeURIComponent(name)}`)));
    }
    printTable(rows);
    process.exitCode = rows.some((r) => r.result === "FAIL") ? 1 : 0;
  } finally {
    await browser.close();
    if (served?.server.pid) process.kill(-served.server.pid);
  }
}

main().catch((error: unknown) => {
  console.error(`labcheck: ${(error as Error).message}`);
  process.exitCode = 2;
});
