import type { CaseBuilder } from "../builder.ts";
import { f80FromDouble } from "../f80.ts";
import { doubleBytes, floatBytes, intBytes, randomDouble, randomFloat } from "../fp-values.ts";
import { C0, C1, C2, C3, PC53, PC64, sti, x87Stack } from "./x87-setup.ts";
import type { Group } from "./group.ts";

/**
 * Condition codes each form leaves undefined (SDM, "FPU Flags Affected"): most leave C0, C2,
 * C3 undefined and use C1 for stack faults or rounding; a few leave all four; fninit clears
 * them and fwait leaves them.
 */
function undefinedCc(line: string): number {
  if (/^(fninit|fwait)/.test(line)) return 0;
  if (/^(ffree|fnclex|fldcw|fnstcw|fnstsw|fnop)/.test(line)) return C0 | C1 | C2 | C3;
  return C0 | C2 | C3;
}

function load(b: CaseBuilder): void {
  switch (b.rng.below(6)) {
    case 0:
      return b.emit(`fld ${b.memWith(floatBytes(randomFloat(b.rng)))}`);
    case 1:
      return b.emit(`fld ${b.memWith(doubleBytes(randomDouble(b.rng)))}`);
    case 2:
      return b.emit(`fld ${b.memWith(f80FromDouble(randomDouble(b.rng)))}`);
    case 3:
      return b.emit(`fild ${b.memWith(intBytes(b.rng, b.rng.pick([2, 4, 8])))}`);
    case 4:
      return b.emit(`fld ${sti(b, 8)}`);
    default:
      return b.emit(b.rng.pick(["fld1", "fldz", "fldpi", "fldl2e", "fldl2t", "fldlg2", "fldln2"]));
  }
}

function store(b: CaseBuilder): void {
  const pop = b.rng.chance(0.5) ? "p" : "";
  switch (b.rng.below(4)) {
    case 0:
      return b.emit(`fst${pop} ${b.mem(b.rng.pick([4, 8]))}`);
    case 1:
      return b.emit(`fstp ${b.mem(10)}`);
    case 2: {
      const size = b.rng.pick([2, 4, 8]);
      return b.emit(size === 8 ? `fistp ${b.mem(8)}` : `fist${pop} ${b.mem(size)}`);
    }
    default:
      return b.emit(`fst${pop} ${sti(b, 8)}`);
  }
}

function control(b: CaseBuilder): void {
  switch (b.rng.below(6)) {
    case 0: {
      const cw = 0x40 | (b.rng.u32() & 0x0f00) | 0x3f;
      return b.emit(`fldcw ${b.memWith(new Uint8Array([cw & 0xff, cw >> 8]))}`);
    }
    case 1:
      return b.emit(b.rng.pick([`fnstcw ${b.mem(2)}`, `fnstsw ${b.mem(2)}`, "fnstsw ax"]));
    case 2:
      return b.emit(b.rng.pick(["fnclex", "fninit", "fwait", "fnop", "fincstp", "fdecstp"]));
    case 3:
      return b.emit(`ffree ${sti(b, 8)}`);
    case 4:
      return b.emit(`fxch ${sti(b, 8)}`);
    default:
      return b.emit(b.rng.pick(["fchs", "fabs"]));
  }
}

/** fcmovcc: the eight conditions it has (on CF, ZF, PF). */
function cmov(b: CaseBuilder): void {
  const cc = b.rng.pick(["b", "nb", "e", "ne", "be", "nbe", "u", "nu"]);
  b.emit(`fcmov${cc} st0, ${sti(b, 8)}`);
}

/**
 * x87 data movement and control: fld/fild/fst/fstp/fist/fistp in every size, constants,
 * fxch, fchs, fabs, ffree, fincstp/fdecstp, fldcw/fnstcw/fnstsw, fnclex/fninit, fcmovcc.
 * Stacks are random in depth (including empty and full, so over/underflow happen); rounding
 * is to nearest (directed rounding is the x87-round group's).
 */
export const x87Move: Group = {
  name: "x87-move",
  count: 3500,
  kind: "fp",
  make(b) {
    b.freeEsp();
    x87Stack(b, b.rng.range(0, 8), b.rng.pick([PC64, PC53]));
    const form = b.rng.below(4);
    if (form === 0) load(b);
    else if (form === 1) store(b);
    else if (form === 2) control(b);
    else cmov(b);
    b.fswUndef = undefinedCc(b.lines[0] ?? "");
  },
};
