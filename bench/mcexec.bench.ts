// Offload figures, measured in the real headless board with McKernel booted on CPUs 2,3: the
// round trip of a system call the LWK offloads to Linux (access) against one it handles itself
// (getppid), both from bench/programs/syscall-rtt.c (static, built here with gcc -m32) run under
// mcexec and natively on Linux; and `mcexec true` from start to exit against /bin/true.
// Clocks: syscall-rtt times itself with CLOCK_MONOTONIC, which on the LWK is the board's host
// clock and on Linux the guest's TSC; the guest's TSC falls behind while Linux halts (measured:
// `sleep 3` took 0.15-0.18 s by it), which it does while an LWK program runs, so start-to-exit
// is timed on the host, as the difference between 1 + RUNS runs and 1 run in one command (the
// command runner's overhead cancels). Figures are printed side by side as ratios, never asserted.

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../src/cli/paths.ts";
import { Session } from "../src/cli/session.ts";
import type { BenchRow } from "./bench.ts";

const here = dirname(fileURLToPath(import.meta.url));
const CALLS = 2000;
const TRUE_RUNS = 5;
const RTT = "syscall-rtt";

const INSTALL = "cd ~/install/$(uname -r)";
const HAS_MCEXEC = `${INSTALL} && [ -x bin/mcexec ] && [ -f kmod/mcctrl.ko ] && echo yes || echo no`;
/** The tutorial's sequence, CPUs 2,3 and 512 MiB, then mcctrl (what mcreboot.sh does). */
const BOOT_MCKERNEL = [
  INSTALL,
  "sudo insmod kmod/ihk.ko",
  "sudo insmod kmod/ihk-smp-x86.ko",
  "sudo chown hpcuser /dev/mcd0",
  "sbin/ihkconfig 0 reserve cpu 2,3",
  "sbin/ihkconfig 0 reserve mem 512M@0",
  "sbin/ihkconfig 0 create",
  "sudo chown hpcuser /dev/mcos0",
  "sbin/ihkosctl 0 assign cpu 2,3",
  "sbin/ihkosctl 0 assign mem 512M@0",
  "sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img",
  'sbin/ihkosctl 0 kargs "hidos"',
  "sbin/ihkosctl 0 boot",
  "sudo insmod kmod/mcctrl.ko",
].join(" &&\n");

const us = (ns: number): number => Number((ns / 1000).toPrecision(3));
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

/** "local NS offloaded NS" as the program prints it. */
function parseRtt(out: string): { local: number; offloaded: number } {
  const match = /local (\d+) offloaded (\d+)/.exec(out);
  if (!match) throw new Error(`syscall-rtt printed ${JSON.stringify(out.trim())}`);
  return { local: Number(match[1]), offloaded: Number(match[2]) };
}

/** Host milliseconds per run of command, as the difference between 1 + TRUE_RUNS runs and 1 (after a first run to warm up). */
const RUNS_MADE = 3 + TRUE_RUNS;
async function startToExitMs(session: Session, command: string): Promise<number> {
  const runs = async (n: number): Promise<number> => {
    const started = performance.now();
    await guest(session, `${INSTALL} && for i in $(seq ${n}); do ${command} || exit 1; done`);
    return performance.now() - started;
  };
  await runs(1);
  const one = await runs(1);
  return ((await runs(1 + TRUE_RUNS)) - one) / TRUE_RUNS;
}

interface LinuxFigures {
  rtt: { local: number; offloaded: number };
  trueMs: number;
}

async function onLinux(session: Session): Promise<{ figures: LinuxFigures; rows: BenchRow[] }> {
  const rtt = parseRtt(await guest(session, `~/${RTT} ${CALLS}`));
  const trueMs = await startToExitMs(session, "/bin/true");
  return {
    figures: { rtt, trueMs },
    rows: [
      { name: "access on Linux (v86)", value: us(rtt.offloaded), unit: "µs" },
      { name: "getppid on Linux (v86)", value: us(rtt.local), unit: "µs" },
      { name: "/bin/true on Linux, start to exit", value: Number(trueMs.toPrecision(3)), unit: "ms" },
    ],
  };
}

async function onLwk(session: Session, linux: LinuxFigures): Promise<BenchRow[]> {
  await guest(session, BOOT_MCKERNEL);
  const activity = session.board.ihk.cores.activity;
  session.board.resetSchedulerStats();
  const rtt = parseRtt(await guest(session, `${INSTALL} && bin/mcexec ~/${RTT} ${CALLS}`));
  const slices = session.board.schedulerStats();
  const before = activity.report();
  const trueMs = await startToExitMs(session, "bin/mcexec true");
  const after = activity.report();
  const perRun = (key: "localCalls" | "offloadedCalls"): number => (after[key] - before[key]) / RUNS_MADE;
  return [
    { name: "offloaded call (access) on the LWK", value: us(rtt.offloaded), unit: "µs" },
    { name: "local call (getppid) on the LWK", value: us(rtt.local), unit: "µs" },
    { name: "offloaded / local on the LWK", value: ratio(rtt.offloaded, rtt.local), unit: "×" },
    { name: "offloaded access / access on Linux", value: ratio(rtt.offloaded, linux.rtt.offloaded), unit: "×" },
    { name: "mcexec true, start to exit", value: Number(trueMs.toPrecision(3)), unit: "ms" },
    { name: "mcexec true / true on Linux", value: ratio(trueMs, linux.trueMs), unit: "×" },
    { name: "LWK slice during syscall-rtt, mean", value: Number((slices.coprocessorMs / Math.max(1, slices.coprocessorSlices)).toFixed(2)), unit: "ms" },
    { name: "LWK slice during syscall-rtt, longest", value: Number(slices.coprocessorMaxSliceMs.toFixed(1)), unit: "ms", note: `budget ${session.board.ihk.cores.instructionBudget()} instructions per runner call` },
    { name: "mcexec true: calls offloaded per run", value: perRun("offloadedCalls"), unit: "", note: `${perRun("localCalls")} local, as the board counted them` },
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
