/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (each exports `run(): Promise<BenchRow[]>`
 * or a default function of that type, see bench.ts) one after the other and prints their figures. Benchmarks are not tests: they
 * only print. `npm run bench -- NAME…` runs the modules whose file name contains a NAME.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchRow, BenchRun } from "./bench.ts";

const here = dirname(fileURLToPath(import.meta.url));

function format(row: BenchRow): string {
  const value = row.value === null ? "—" : row.value >= 100 ? row.value.toFixed(0) : row.value.toPrecision(3);
  return `  ${row.name.padEnd(44)} ${value.padStart(10)} ${row.unit.padEnd(6)}${row.note ? ` ${row.note}` : ""}`;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const modules = readdirSync(here)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
    .sort();
  if (modules.length === 0) throw new Error(`no bench module matches ${wanted.join(" ")}`);
  for (const file of modules) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: BenchRun; default?: BenchRun };
    const run = mod.run ?? mod.default;
    if (typeof run !== "function") throw new Error(`${file} exports neither run() nor a default function`);
    const started = performance.now();
    const rows = await run();
    console.log(`${file.replace(".bench.ts", "")} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const row of rows) console.log(format(row));
  }
}

await main();
