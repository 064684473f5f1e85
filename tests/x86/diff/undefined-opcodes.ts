import { expect } from "vitest";
import { X86Core } from "../../../src/emu/x86/index.ts";

/**
 * Instructions the core must refuse with #UD: encodings valid on the host CPU but from
 * extensions the core's cpuid does not advertise (SSE3, SSSE3, SSE4, POPCNT, AVX), or
 * undefined ones (ud2, ud1, a register operand where memory is required, lock on mov).
 */
const CODE = 0x1000;

export interface UdCase {
  what: string;
  bytes: number[];
  /** The opcode bytes the fault must name first. */
  opcode: number[];
}

export const UD_CASES: readonly UdCase[] = [
  { what: "ud2", bytes: [0x0f, 0x0b], opcode: [0x0f, 0x0b] },
  { what: "ud1 eax, ecx", bytes: [0x0f, 0xb9, 0xc1], opcode: [0x0f, 0xb9] },
  { what: "haddpd xmm0, xmm1 (SSE3)", bytes: [0x66, 0x0f, 0x7c, 0xc1], opcode: [0x66, 0x0f, 0x7c] },
  { what: "pshufb xmm0, xmm1 (SSSE3)", bytes: [0x66, 0x0f, 0x38, 0x00, 0xc1], opcode: [0x66, 0x0f, 0x38, 0x00] },
  { what: "pminsd xmm0, xmm1 (SSE4.1)", bytes: [0x66, 0x0f, 0x38, 0x39, 0xc1], opcode: [0x66, 0x0f, 0x38, 0x39] },
  { what: "popcnt eax, ecx", bytes: [0xf3, 0x0f, 0xb8, 0xc1], opcode: [0xf3, 0x0f, 0xb8] },
  { what: "vaddpd ymm0, ymm1, ymm2 (AVX)", bytes: [0xc5, 0xf5, 0x58, 0xc2], opcode: [0xc5] },
  { what: "lea eax, ecx (register operand)", bytes: [0x8d, 0xc1], opcode: [0x8d] },
  { what: "lock mov eax, ecx", bytes: [0xf0, 0x89, 0xc8], opcode: [0xf0, 0x89] },
];

export const hex = (bytes: number[]): string => bytes.map((b) => b.toString(16).padStart(2, "0")).join(" ");

/** Runs `nop; <case>; hlt` and checks the #UD: at the instruction, registers untouched, bytes named. */
export function expectUd(c: UdCase): void {
  const mem = { u8: new Uint8Array(1 << 16) };
  mem.u8.set([0x90, ...c.bytes, 0xf4], CODE); // nop first: the fault is not at the block start
  const cpu = new X86Core(mem);
  cpu.eip = CODE;
  cpu.regs.set([1, 2, 3, 4, 0x8000, 6, 7, 8]);
  const r = cpu.run(100);
  expect(r.kind).toBe("fault");
  if (r.kind !== "fault") return;
  expect(r.fault.name).toBe("#UD");
  expect(r.executed).toBe(1);
  expect(cpu.eip).toBe(CODE + 1);
  expect(Array.from(cpu.regs)).toEqual([1, 2, 3, 4, 0x8000, 6, 7, 8]);
  if (r.fault.name !== "#UD") return;
  expect(r.fault.bytes.slice(0, c.opcode.length)).toEqual(c.opcode);
  expect(r.fault.bytes).toEqual(c.bytes.slice(0, r.fault.bytes.length));
  expect(cpu.formatFault(r.fault)).toContain(`#UD at eip=0x00001001 bytes ${hex(c.opcode)}`);
}
