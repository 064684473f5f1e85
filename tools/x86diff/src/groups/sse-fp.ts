import type { CaseBuilder } from "../builder.ts";
import { fillXmm, unsized, vector, xmmReg, type Lanes } from "./simd-setup.ts";
import type { Group } from "./group.ts";

const ARITH = ["add", "sub", "mul", "div", "min", "max", "sqrt"] as const;
const LOGIC = ["and", "andn", "or", "xor"] as const;
const SUFFIXES = ["sd", "pd", "ss", "ps"] as const;
type Suffix = (typeof SUFFIXES)[number];

function lanesOf(s: Suffix): Lanes {
  return s.endsWith("d") ? "pd" : "ps";
}

/** A source operand: a register or memory holding values of the form's kind (m128 aligned). */
function source(b: CaseBuilder, s: Suffix): string {
  if (b.rng.chance(0.65)) return xmmReg(b);
  const bytes = s === "sd" ? 8 : s === "ss" ? 4 : 16;
  return unsized(b.memWith(vector(b, 16, lanesOf(s)).subarray(0, bytes), bytes === 16 ? 16 : 1));
}

function arithmetic(b: CaseBuilder, s: Suffix): void {
  const op = b.rng.pick(ARITH);
  b.emit(`${op}${s} ${xmmReg(b)}, ${source(b, s)}`);
}

function compare(b: CaseBuilder, s: Suffix): void {
  if (s.startsWith("s") && b.rng.chance(0.4)) {
    // comis/ucomis set ZF, PF, CF and clear OF, SF, AF
    b.emit(`${b.rng.pick(["comi", "ucomi"])}${s} ${xmmReg(b)}, ${source(b, s)}`);
    return;
  }
  b.emit(`cmp${s} ${xmmReg(b)}, ${source(b, s)}, ${b.rng.below(8)}`);
}

function packed(b: CaseBuilder): void {
  const s = b.rng.pick(["pd", "ps"] as const);
  const x = (): string => xmmReg(b);
  switch (b.rng.below(6)) {
    case 0:
      return b.emit(`${b.rng.pick(LOGIC)}${s} ${x()}, ${source(b, s)}`);
    case 1:
      return b.emit(`${b.rng.pick(["unpcklp", "unpckhp"])}${s.slice(1)} ${x()}, ${source(b, s)}`);
    case 2:
      return b.emit(`shuf${s} ${x()}, ${source(b, s)}, ${b.rng.below(256)}`);
    case 3:
      return b.emit(b.rng.pick([`mova${s} ${x()}, ${x()}`, `mova${s} ${x()}, ${unsized(b.mem(16, 16))}`, `mova${s} ${unsized(b.mem(16, 16))}, ${x()}`, `movu${s} ${x()}, ${unsized(b.mem(16))}`, `movu${s} ${unsized(b.mem(16))}, ${x()}`]));
    case 4:
      return b.emit(b.rng.pick([`movl${s} ${x()}, ${unsized(b.mem(8))}`, `movh${s} ${x()}, ${unsized(b.mem(8))}`, `movl${s} ${unsized(b.mem(8))}, ${x()}`, `movh${s} ${unsized(b.mem(8))}, ${x()}`, `movhlps ${x()}, ${x()}`, `movlhps ${x()}, ${x()}`]));
    default: {
      const sc = b.rng.pick(["sd", "ss"] as const);
      return b.emit(b.rng.pick([`mov${sc} ${x()}, ${x()}`, `mov${sc} ${x()}, ${unsized(b.mem(sc === "sd" ? 8 : 4))}`, `mov${sc} ${unsized(b.mem(sc === "sd" ? 8 : 4))}, ${x()}`]));
    }
  }
}

function mxcsr(b: CaseBuilder): void {
  if (b.rng.chance(0.5)) b.emit(`stmxcsr ${unsized(b.mem(4))}`);
  else {
    const v = 0x1f80 | (b.rng.u32() & 0x3f);
    b.emit(`ldmxcsr ${b.memWith(new Uint8Array([v & 0xff, v >> 8, 0, 0]))}`);
  }
}

/** Scalar and packed double/single arithmetic, sqrt, min/max, compares, logic, shuffles and moves. */
export function sseFpCase(b: CaseBuilder): void {
  b.freeEsp();
  const s = b.rng.pick(SUFFIXES);
  fillXmm(b, lanesOf(s));
  const form = b.rng.below(10);
  if (form < 5) arithmetic(b, s);
  else if (form < 7) compare(b, s);
  else if (form < 9) packed(b);
  else mxcsr(b);
}

/** SSE/SSE2 floating point with round-to-nearest and no FZ/DAZ (what compiled code runs with). */
export const sseFp: Group = {
  name: "sse-fp",
  count: 5000,
  kind: "fp",
  make: sseFpCase,
};
