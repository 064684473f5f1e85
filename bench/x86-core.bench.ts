/**
 * The x86 core's speed on an integer and a floating-point program (bench/programs/), each
 * built with gcc -m32 -static -O2 (the FP one twice: x87 code, and SSE2 with -mfpmath=sse),
 * run under x86run and natively in the same run. Every figure is per round of the program's
 * main loop, taken as a difference between a run of 1 + R rounds and one of 1 round, which
 * cancels start-up, loading and initialisation: instructions and time per round under the core
 * (x86run --stats) give its MIPS; the native time per round (best of three, R = 100) with the
 * same instruction count gives the native MIPS; the ratio is core time over native time.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./bench.ts";

const here = dirname(fileURLToPath(import.meta.url));
const X86RUN = join(here, "..", "bin", "x86run.mjs");

interface Program {
  label: string;
  source: string;
  flags: string[];
  /** Extra rounds under the core: a few seconds. */
  rounds: number;
}

const PROGRAMS: Program[] = [
  { label: "integer", source: "int.c", flags: [], rounds: 16 },
  { label: "floating point (x87)", source: "fp.c", flags: ["-lm"], rounds: 2 },
  { label: "floating point (SSE2)", source: "fp.c", flags: ["-msse2", "-mfpmath=sse", "-lm"], rounds: 1 },
];

function build(p: Program, dir: string): string | null {
  const out = join(dir, `${p.source}-${p.flags.length}`);
  try {
    execFileSync("gcc", ["-m32", "-static", "-O2", "-o", out, join(here, "programs", p.source), ...p.flags], { stdio: "pipe" });
    return out;
  } catch {
    return null;
  }
}

function nativeSeconds(binary: string, rounds: number): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    execFileSync(binary, [String(rounds)]);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

interface CoreFigures {
  instructions: number;
  seconds: number;
}

/** Runs under x86run --stats; returns instructions and seconds as x86run measured them. */
function coreRun(binary: string, rounds: number): CoreFigures {
  const r = spawnSync(process.execPath, [X86RUN, "--stats", binary, String(rounds)], { encoding: "utf8" });
  const m = /x86run: (\d+) instructions in ([\d.]+) s/.exec(r.stderr);
  if (r.status !== 0 || m === null) throw new Error(`x86run failed on ${binary}: ${r.stderr.slice(0, 500)}`);
  return { instructions: Number(m[1]), seconds: Number(m[2]) };
}

/**
 * Per-round figures from the difference of two runs; when the machine is so busy that the
 * difference is not positive, the longer run's whole figures, marked as such.
 */
function perRound(base: CoreFigures, more: CoreFigures, rounds: number): CoreFigures & { note: string } {
  const seconds = (more.seconds - base.seconds) / rounds;
  if (seconds > 0) return { instructions: (more.instructions - base.instructions) / rounds, seconds, note: "" };
  return { instructions: more.instructions / (rounds + 1), seconds: more.seconds / (rounds + 1), note: " (busy machine: whole-run figures)" };
}

function measure(p: Program, binary: string): BenchRow[] {
  const core = perRound(coreRun(binary, 1), coreRun(binary, 1 + p.rounds), p.rounds);
  const nativePerRound = (nativeSeconds(binary, 101) - nativeSeconds(binary, 1)) / 100;
  const counted = `${(core.instructions / 1e6).toFixed(2)} M instructions per round`;
  return [
    { name: `${p.label}: core`, value: core.instructions / core.seconds / 1e6, unit: "MIPS", note: `${counted}, ${(core.seconds * 1000).toFixed(0)} ms per round${core.note}` },
    { name: `${p.label}: native`, value: core.instructions / nativePerRound / 1e6, unit: "MIPS", note: `${(nativePerRound * 1000).toFixed(2)} ms per round` },
    { name: `${p.label}: core time / native time`, value: core.seconds / nativePerRound, unit: "×" },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "x86-bench-"));
  const rows: BenchRow[] = [];
  for (const p of PROGRAMS) {
    const binary = build(p, dir);
    if (binary === null) {
      rows.push({ name: `${p.label}`, value: null, unit: "", note: "not measured: gcc -m32 is not available (apt-get install gcc-multilib)" });
      continue;
    }
    rows.push(...measure(p, binary));
  }
  return rows;
}
