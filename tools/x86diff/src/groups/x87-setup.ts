import type { CaseBuilder } from "../builder.ts";
import { f80FromDouble } from "../f80.ts";
import { randomDouble } from "../fp-values.ts";

/** Precision-control field values of the FPU control word (bits 8–9). */
export const PC24 = 0 << 8, PC53 = 2 << 8, PC64 = 3 << 8;
/** Rounding-control values (bits 10–11): nearest, down, up, toward zero. */
export const RC = [0 << 10, 1 << 10, 2 << 10, 3 << 10] as const;
/** FSW condition-code bits. */
export const C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;

/**
 * Sets the control word (all exceptions masked) and an x87 stack `depth` deep of values from
 * `value` (random doubles by default), starting at a random TOP.
 */
export function x87Stack(b: CaseBuilder, depth: number, control: number, value = randomDouble): void {
  const top = b.rng.below(8);
  b.state.fcw = 0x3f | control | 0x40;
  b.state.fsw = top << 11;
  b.state.ftw = 0;
  for (let i = 0; i < depth; i++) {
    b.state.st.set(f80FromDouble(value(b.rng)), 10 * i);
    b.state.ftw |= 1 << ((top + i) & 7);
  }
}

export function sti(b: CaseBuilder, depth: number): string {
  return `st${b.rng.below(Math.max(1, depth))}`;
}
