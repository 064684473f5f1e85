import { Policy } from "../builder.ts";
import type { CaseBuilder } from "../builder.ts";
import { C0, C2, C3, PC64, x87Stack } from "./x87-setup.ts";
import type { Group } from "./group.ts";

/** Each transcendental with arguments in its documented domain, and condition codes it leaves undefined. */
const FORMS: { op: string; arg: (b: CaseBuilder) => number; undef: number }[] = [
  { op: "fsin", arg: (b) => (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(-20, 20), undef: C0 | C3 },
  { op: "fcos", arg: (b) => (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(-20, 20), undef: C0 | C3 },
  { op: "fsincos", arg: (b) => (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(-20, 10), undef: C0 | C3 },
  { op: "fptan", arg: (b) => (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(-20, 3), undef: C0 | C3 },
  { op: "fpatan", arg: (b) => (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(-20, 20), undef: C0 | C2 | C3 },
  { op: "f2xm1", arg: (b) => b.rng.u32() / 2 ** 31 - 1, undef: C0 | C2 | C3 },
  { op: "fyl2x", arg: (b) => (b.rng.u32() / 2 ** 32) * 2 ** b.rng.range(-30, 30), undef: C0 | C2 | C3 },
  { op: "fyl2xp1", arg: (b) => (b.rng.u32() / 2 ** 32 - 0.5) * 0.58, undef: C0 | C2 | C3 },
];

/**
 * fsin, fcos, fsincos, fptan, fpatan, f2xm1, fyl2x, fyl2xp1 on in-domain arguments,
 * compared without C1 (Policy.Transcendental).
 */
export const x87Trans: Group = {
  name: "x87-trans",
  count: 2000,
  kind: "fp",
  make(b) {
    b.freeEsp();
    const form = b.rng.pick(FORMS);
    let first = true;
    x87Stack(b, b.rng.range(2, 6), PC64, () => {
      const v = first ? form.arg(b) : (b.rng.u32() / 2 ** 32) * 8 - 4;
      first = false;
      return v;
    });
    b.emit(form.op);
    b.fswUndef = form.undef;
    b.policy = Policy.Transcendental;
  },
};
