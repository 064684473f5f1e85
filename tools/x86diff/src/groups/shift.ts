import type { CaseBuilder } from "../builder.ts";
import { AF, CF, OF, width, type Group } from "./group.ts";

const SHIFTS = ["shl", "shr", "sar", "sal"] as const;
const ROTATES = ["rol", "ror", "rcl", "rcr"] as const;

/** A count biased to the edges: 0, 1, width−1, width, width+1, 31, 32 (masks to 0), 33. */
function count(b: CaseBuilder, w: number): number {
  return b.rng.chance(0.6) ? b.rng.pick([0, 1, 1, 2, w - 1, w, w + 1, 9, 17, 31, 32, 33]) : b.rng.below(256);
}

/**
 * Undefined flags after a shift or rotate by `n` (Intel SDM, SAL/SAR/SHL/SHR and
 * RCL/RCR/ROL/ROR): nothing changes for a masked count of 0; OF only defined for 1; shifts
 * leave AF undefined, and SHL/SHR leave CF undefined once the count reaches the width.
 */
function undefinedFlags(op: string, n: number, w: number): number {
  const masked = n & 31;
  if (masked === 0) return 0;
  let undef = masked === 1 ? 0 : OF;
  if ((SHIFTS as readonly string[]).includes(op)) {
    undef |= AF;
    if (op !== "sar" && masked >= w) undef |= CF;
  }
  return undef;
}

/** Shifts and rotates by 1, by CL and by imm8, 8/16/32-bit, register and memory. */
export const shift: Group = {
  name: "shift",
  count: 5000,
  kind: "int",
  make(b) {
    b.freeEsp();
    const op = b.rng.pick([...SHIFTS, ...ROTATES]);
    const w = width(b);
    const form = b.rng.below(3);
    const n = form === 0 ? 1 : count(b, w);
    if (form === 1) b.pin(1, (b.rng.u32() & ~0xff) | n);
    const dst = b.rng.chance(0.6) ? b.dest(w) : b.mem(w / 8);
    const src = form === 0 ? "1" : form === 1 ? "cl" : `byte ${n}`;
    b.emit(`${op} ${dst}, ${src}`);
    b.flagsUndef = undefinedFlags(op, n, w);
  },
};
