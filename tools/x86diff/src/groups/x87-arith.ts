import type { CaseBuilder } from "../builder.ts";
import { doubleBytes, floatBytes, intBytes, randomFloat, randomDouble } from "../fp-values.ts";
import { C0, C2, C3, PC24, PC53, PC64, RC, sti, x87Stack } from "./x87-setup.ts";
import type { Group } from "./group.ts";

const BINARY = ["fadd", "fsub", "fsubr", "fmul", "fdiv", "fdivr"] as const;

function binary(b: CaseBuilder): void {
  const op = b.rng.pick(BINARY);
  switch (b.rng.below(6)) {
    case 0:
      return b.emit(`${op} st0, ${sti(b, 8)}`);
    case 1:
      return b.emit(`${op} ${sti(b, 8)}, st0`);
    case 2:
      return b.emit(`${op}p ${sti(b, 8)}, st0`);
    case 3:
      return b.emit(`${op} ${b.memWith(floatBytes(randomFloat(b.rng)))}`);
    case 4:
      return b.emit(`${op} ${b.memWith(doubleBytes(randomDouble(b.rng)))}`);
    default:
      return b.emit(`fi${op.slice(1)} ${b.memWith(intBytes(b.rng, b.rng.pick([2, 4])))}`);
  }
}

/**
 * The undefined condition codes: arithmetic leaves C0, C2, C3 undefined (C1 = rounded up);
 * fprem/fprem1 define all four (quotient bits and "incomplete").
 */
function arithmetic(b: CaseBuilder): void {
  if (b.rng.chance(0.6)) binary(b);
  else b.emit(b.rng.pick(["fsqrt", "frndint", "fscale", "fxtract", "fprem", "fprem1", "fabs", "fchs"]));
  b.fswUndef = /^fprem/.test(b.lines[0] ?? "") ? 0 : C0 | C2 | C3;
}

function stackDepth(b: CaseBuilder): number {
  return b.rng.chance(0.9) ? b.rng.range(2, 7) : b.rng.range(0, 8);
}

/** x87 arithmetic with double precision control and round-to-nearest. */
export const x87Arith: Group = {
  name: "x87-arith",
  count: 4000,
  kind: "fp",
  make(b) {
    b.freeEsp();
    x87Stack(b, stackDepth(b), PC53);
    arithmetic(b);
  },
};

/**
 * x87 arithmetic with the Linux default extended precision: the register holds a 64-bit
 * significand, compared with the core's double through the double-rounding rule of f80.ts.
 */
export const x87ArithExt: Group = {
  name: "x87-arith-ext",
  count: 3000,
  kind: "fp",
  make(b) {
    b.freeEsp();
    x87Stack(b, stackDepth(b), PC64);
    arithmetic(b);
  },
};

/**
 * Directed rounding (down, up, toward zero) and single precision control: arithmetic,
 * frndint, integer stores and float/double stores.
 */
export const x87Round: Group = {
  name: "x87-round",
  count: 2500,
  kind: "fp",
  make(b) {
    b.freeEsp();
    const pc = b.rng.pick([PC53, PC53, PC24]);
    x87Stack(b, stackDepth(b), pc | b.rng.pick(RC.slice(1)));
    const form = b.rng.below(5);
    if (form < 2) {
      const size = b.rng.pick([2, 4, 8]);
      b.emit(size === 8 ? `fistp ${b.mem(8)}` : `fist${b.rng.pick(["", "p"])} ${b.mem(size)}`);
      b.fswUndef = C0 | C2 | C3;
    } else if (form === 2) {
      b.emit(`fst${b.rng.pick(["", "p"])} ${b.mem(b.rng.pick([4, 8]))}`);
      b.fswUndef = C0 | C2 | C3;
    } else arithmetic(b);
  },
};
