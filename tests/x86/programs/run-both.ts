import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const X86RUN = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bin", "x86run.mjs");

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One program run: argv, standard input, and a fixed environment shared by both sides. */
export interface Invocation {
  binary: string;
  args: readonly string[];
  stdin?: string;
  cwd?: string;
}

const ENV = { PATH: "/usr/bin:/bin", TZ: "UTC", LANG: "C", LC_ALL: "C", HOME: "/tmp" };

function spawnRun(command: string, args: readonly string[], inv: Invocation): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: inv.cwd, env: ENV, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    // a program that exits without reading its input closes the pipe: not an error here
    child.stdin.on("error", () => undefined);
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("latin1"), stderr: Buffer.concat(err).toString("latin1") }));
    child.stdin.end(inv.stdin ?? "");
  });
}

/** Runs the i386 binary directly on this machine's CPU (this x86_64 kernel runs it natively). */
export function runNative(inv: Invocation): Promise<Run> {
  return spawnRun(inv.binary, inv.args, inv);
}

/** Runs the same binary under `x86run` on the TypeScript core. */
export function runEmulated(inv: Invocation): Promise<Run> {
  return spawnRun(process.execPath, [X86RUN, inv.binary, ...inv.args], inv);
}
