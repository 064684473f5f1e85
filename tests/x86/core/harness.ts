import { X86Core } from "../../../src/emu/x86/index.ts";
import type { RunResult } from "../../../src/emu/x86/index.ts";

export const CODE = 0x1000;
export const STACK_TOP = 0x80000;

/** A flat (paging off) core with `code` at CODE and a stack below STACK_TOP. */
export function coreWith(code: number[] | Uint8Array, memSize = 1 << 20): { cpu: X86Core; mem: { u8: Uint8Array } } {
  const mem = { u8: new Uint8Array(memSize) };
  mem.u8.set(code, CODE);
  const cpu = new X86Core(mem);
  cpu.eip = CODE;
  cpu.regs[4] = STACK_TOP;
  return { cpu, mem };
}

/** Parses "b8 01 00 00 00 ..." into bytes. */
export function hex(s: string): number[] {
  return s.trim().split(/\s+/).map((b) => parseInt(b, 16));
}

/** Runs code followed by `hlt` (f4) to completion. */
export function runToHlt(code: string, setup?: (cpu: X86Core) => void): { cpu: X86Core; mem: { u8: Uint8Array }; result: RunResult } {
  const { cpu, mem } = coreWith(hex(`${code} f4`));
  setup?.(cpu);
  const result = cpu.run(1_000_000);
  return { cpu, mem, result };
}
