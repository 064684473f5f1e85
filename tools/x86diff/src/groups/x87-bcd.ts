import type { CaseBuilder } from "../builder.ts";
import type { Rng } from "../rng.ts";
import { C0, C2, C3, PC64, x87Stack } from "./x87-setup.ts";
import type { Group } from "./group.ts";

/** A packed-BCD operand: nine bytes of two digits each, sign in the tenth (sometimes not BCD). */
function bcd(b: CaseBuilder): Uint8Array {
  const out = new Uint8Array(10);
  const digits = b.rng.range(0, 18);
  for (let i = 0; i < 9; i++) {
    const lo = 2 * i < digits ? b.rng.below(10) : 0;
    const hi = 2 * i + 1 < digits ? b.rng.below(10) : 0;
    out[i] = b.rng.chance(0.03) ? b.rng.u32() & 0xff : (hi << 4) | lo;
  }
  out[9] = b.rng.chance(0.5) ? 0x80 : 0;
  return out;
}

/** Integers whose decimal form fits in 18 digits, with a few that do not (invalid). */
function integral(rng: Rng): number {
  const v = Math.round((rng.u32() / 2 ** 32 - 0.5) * 10 ** rng.range(0, 18));
  return rng.chance(0.05) ? v * 1e3 + 0.5 : v;
}

/** fbld and fbstp: packed BCD loads and stores (C0, C2, C3 undefined). */
export const x87Bcd: Group = {
  name: "x87-bcd",
  count: 800,
  kind: "fp",
  make(b) {
    b.freeEsp();
    if (b.rng.chance(0.5)) {
      x87Stack(b, b.rng.range(0, 7), PC64);
      b.emit(`fbld ${b.memWith(bcd(b))}`);
    } else {
      x87Stack(b, b.rng.range(1, 8), PC64, integral);
      b.emit(`fbstp ${b.mem(10)}`);
    }
    b.fswUndef = C0 | C2 | C3;
  },
};
