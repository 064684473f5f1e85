// Offload figures, measured in the real headless board with McKernel booted on CPUs 2,3: the
// round trip of a system call the LWK offloads to Linux (access) against one it handles itself
// (getppid), from bench/programs/syscall-rtt.c (static, built here with gcc -m32) under mcexec
// and natively on Linux; and `mcexec true` from start to exit against /bin/true.
// Every time is taken on the host, as the difference between two runs of one command that
// differ only in their amount of work (the command runner's overhead cancels): the guest's clock
// is not trusted (measured: `sleep 10` in the guest lasts 3-7 s of host time, `sleep 3` 0.15 s by
// the guest's own CLOCK_MONOTONIC). Figures are printed side by side as ratios, never asserted.

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../src/cli/paths.ts";
import { Session } from "../src/cli/session.ts";
import type { BenchRow } from "./bench.ts";

const here = dirname(fileURLToPath(import.meta.url));
const RTT = "syscall-rtt";

const INSTALL = "cd ~/install/$(uname -r)";
const HAS_MCEXEC = `${INSTALL} && [ -x bin/mcexec ] && [ -f kmod/mcctrl.ko ] && echo yes || echo no`;
/** McKernel on CPUs 2,3 with 512 MiB, mcctrl loaded, the device files the user's. */
const BOOT_MCKERNEL = `${INSTALL} && sudo sbin/mcreboot.sh -c 2,3 -m 512M@0`;

/** About this long per measured run: long enough that the command runner's jitter is small. */
const TARGET_MS = 3000;
const CALIBRATION_CALLS = 200;
const MAX_UNITS = 10_000_000;

const us = (ms: number): number => Number((ms * 1000).toPrecision(3));
const ratio = (a: number, b: number): number => Number((a / b).toPrecision(3));

/** The LWK rows, without figures. */
function skipped(reason: string): BenchRow[] {
  return ["offloaded call (access) on the LWK", "local call (getppid) on the LWK", "mcexec true, start to exit"]
    .map((name) => ({ name, value: null, unit: "", note: reason }));
}

async function guest(session: Session, commands: string): Promise<string> {
  const result = await session.runCommands(commands);
  const out = new TextDecoder().decode(result.output).replace(/\r/g, "");
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${out.trim().split("\n").slice(-3).join(" | ")}`);
  return out;
}

/** Host milliseconds one command takes (status 0 or an error). */
async function hostMs(session: Session, commands: string): Promise<number> {
  const started = performance.now();
  await guest(session, commands);
  return performance.now() - started;
}

/**
 * Host milliseconds per unit of work, where command(n) does n units: the median of three
 * (T(n) - T(0)) / n, with n first grown until the work takes at least half of TARGET_MS (so the
 * command runner's jitter stays small against it).
 */
async function perUnitMs(session: Session, command: (n: number) => string, first: number): Promise<number> {
  const workMs = async (n: number): Promise<number> => {
    const base = await hostMs(session, command(0));
    return (await hostMs(session, command(n))) - base;
  };
  await hostMs(session, command(0));
  let n = first;
  for (let work = await workMs(n); work < TARGET_MS / 2 && n < MAX_UNITS; work = await workMs(n)) {
    n = Math.min(MAX_UNITS, work > 0 ? Math.max(2 * n, Math.ceil((n * TARGET_MS) / work)) : 16 * n);
  }
  const samples = [await workMs(n), await workMs(n), await workMs(n)].sort((x, y) => x - y);
  return samples[1]! / n;
}

const callsMs = (session: Session, prefix: string, call: "getppid" | "access"): Promise<number> =>
  perUnitMs(session, (n) => `${INSTALL} && ${prefix}~/${RTT} ${call} ${n}`, CALIBRATION_CALLS);

const startToExitMs = (session: Session, command: string): Promise<number> =>
  perUnitMs(session, (n) => `${INSTALL} && for i in $(seq ${n}); do ${command} || exit 1; done`, 1);

interface LinuxFigures {
  getppidMs: number;
  accessMs: number;
  trueMs: number;
}

async function onLinux(session: Session): Promise<{ figures: LinuxFigures; rows: BenchRow[] }> {
  const figures = {
    getppidMs: await callsMs(session, "", "getppid"),
    accessMs: await callsMs(session, "", "access"),
    trueMs: await startToExitMs(session, "/bin/true"),
  };
  return {
    figures,
    rows: [
      { name: "access on Linux (v86)", value: us(figures.accessMs), unit: "µs" },
      { name: "getppid on Linux (v86)", value: us(figures.getppidMs), unit: "µs" },
      { name: "/bin/true on Linux, start to exit", value: Number(figures.trueMs.toPrecision(3)), unit: "ms" },
    ],
  };
}

async function onLwk(session: Session, linux: LinuxFigures): Promise<BenchRow[]> {
  await guest(session, BOOT_MCKERNEL);
  const cores = session.board.ihk.cores;
  session.board.resetSchedulerStats();
  const accessMs = await callsMs(session, "bin/mcexec ", "access");
  const slices = session.board.schedulerStats();
  const getppidMs = await callsMs(session, "bin/mcexec ", "getppid");
  const before = cores.activity.report();
  const trueMs = await startToExitMs(session, "bin/mcexec true");
  const after = cores.activity.report();
  const runs = Math.max(1, after.processesStarted - before.processesStarted);
  const perRun = (key: "localCalls" | "offloadedCalls"): number => Math.round((after[key] - before[key]) / runs);
  return [
    { name: "offloaded call (access) on the LWK", value: us(accessMs), unit: "µs" },
    { name: "local call (getppid) on the LWK", value: us(getppidMs), unit: "µs" },
    { name: "offloaded / local on the LWK", value: ratio(accessMs, getppidMs), unit: "×" },
    { name: "offloaded access / access on Linux", value: ratio(accessMs, linux.accessMs), unit: "×" },
    { name: "mcexec true, start to exit", value: Number(trueMs.toPrecision(3)), unit: "ms" },
    { name: "mcexec true / true on Linux", value: ratio(trueMs, linux.trueMs), unit: "×" },
    { name: "mcexec true: calls offloaded per run", value: perRun("offloadedCalls"), unit: "", note: `${perRun("localCalls")} local, as the board counted them` },
    { name: "LWK slice, mcexec runs of syscall-rtt, mean", value: Number((slices.coprocessorMs / Math.max(1, slices.coprocessorSlices)).toFixed(2)), unit: "ms" },
    { name: "LWK slice, same runs, longest", value: Number(slices.coprocessorMaxSliceMs.toFixed(1)), unit: "ms", note: `process start-up included; budget now ${cores.instructionBudget()} instructions per runner call` },
  ];
}

/** Builds syscall-rtt into dir; returns why when gcc cannot. */
function build(dir: string): string | undefined {
  try {
    execFileSync("gcc", ["-m32", "-static", "-O2", "-o", join(dir, RTT), join(here, "programs", `${RTT}.c`)], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `gcc -m32 -static failed: ${(error as Error).message.split("\n")[0]}`;
  }
}

export default async function mcexecBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "cn01-mcexec-bench-"));
  const failed = build(dir);
  if (failed) return skipped(`not measured: ${failed}`);
  execFileSync("npm", ["run", "snapshot"], { cwd: REPO_ROOT, stdio: "inherit" });
  const session = await Session.open({ puts: [{ localPath: join(dir, RTT), homePath: RTT }] });
  try {
    await guest(session, `chmod +x ~/${RTT}`);
    const linux = await onLinux(session);
    if ((await guest(session, HAS_MCEXEC)).trim() !== "yes") {
      return [...linux.rows, ...skipped("skipped: bin/mcexec or kmod/mcctrl.ko is not in the guest's install tree yet")];
    }
    try {
      return [...linux.rows, ...(await onLwk(session, linux.figures))];
    } catch (error) {
      return [...linux.rows, ...skipped(`not measured: ${(error as Error).message}`)];
    }
  } finally {
    await session.close();
  }
}
