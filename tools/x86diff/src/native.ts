import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_CODE, STATE } from "./layout.ts";
import { readRunnerOutcome, writeRunnerState, type MachineState, type Outcome } from "./machine-state.ts";

const here = dirname(fileURLToPath(import.meta.url));
const nativeDir = join(here, "..", "native");

/** Builds the native runner (gcc -m32 + nasm) into `outDir` and returns its path. */
export function buildRunner(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const obj = join(outDir, "enter.o");
  const exe = join(outDir, "x86diff-runner");
  execFileSync("nasm", ["-f", "elf32", "-o", obj, join(nativeDir, "enter.asm")]);
  execFileSync("gcc", ["-m32", "-static", "-O1", "-Wall", "-Wextra", "-Werror", "-o", exe, join(nativeDir, "runner.c"), obj]);
  return exe;
}

/** Runs every (code, initial state) pair on this machine's CPU. */
export function runNative(runner: string, cases: readonly { code: Uint8Array; init: MachineState }[]): Outcome[] {
  const rec = 4 + MAX_CODE + STATE.bytes;
  const input = new Uint8Array(rec * cases.length);
  const view = new DataView(input.buffer);
  cases.forEach(({ code, init }, i) => {
    if (code.length > MAX_CODE - 6) throw new Error(`snippet ${i} too long (${code.length} bytes)`);
    view.setUint32(i * rec, code.length, true);
    input.set(code, i * rec + 4);
    writeRunnerState(init, input.subarray(i * rec + 4 + MAX_CODE, (i + 1) * rec));
  });
  const output = execFileSync(runner, [], { input, maxBuffer: STATE.bytes * cases.length + 1024 });
  if (output.length !== STATE.bytes * cases.length) {
    throw new Error(`runner returned ${output.length} bytes for ${cases.length} cases`);
  }
  return cases.map((_, i) => readRunnerOutcome(new Uint8Array(output.buffer, output.byteOffset + i * STATE.bytes, STATE.bytes)));
}
