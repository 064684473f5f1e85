import type { CaseBuilder } from "../builder.ts";
import { hex, regName } from "../builder.ts";
import { AF, ALL6, PF, SF, ZF, width, type Group } from "./group.ts";

/** mul/imul leave SF, ZF, AF, PF undefined; div/idiv leave all six. */
const MUL_UNDEF = SF | ZF | AF | PF;

/** A source operand for the one-operand forms that does not overlap the pinned registers. */
function source(b: CaseBuilder, w: 8 | 16 | 32, value: number): string {
  if (b.rng.chance(0.5)) {
    if (w !== 8) return regName(w, b.pinnedReg(value, [0, 2]));
    const i = b.pinnedReg(b.rng.u32(), [0, 2, 4, 5, 6, 7]); // ECX or EBX: CL/CH, BL/BH
    const name = regName(8, b.rng.chance(0.5) ? i : i + 4);
    b.setReg(name, value);
    return name;
  }
  const m = b.mem(w / 8);
  b.emit(`mov ${m}, ${hex(value & (w === 32 ? 0xffffffff : (1 << w) - 1))}`);
  return m;
}

function mulOne(b: CaseBuilder): void {
  const w = width(b);
  const op = b.rng.pick(["mul", "imul"]);
  b.pin(0, b.rng.interesting32());
  b.pin(2, b.rng.interesting32());
  b.emit(`${op} ${source(b, w, b.rng.interesting32())}`);
  b.flagsUndef = MUL_UNDEF;
}

function imulMulti(b: CaseBuilder): void {
  const w = b.rng.pick([16, 32] as const);
  const src = b.rng.chance(0.5) ? b.reg(w) : b.mem(w / 8);
  const dst = b.dest(w);
  const three = b.rng.chance(0.5);
  const imm = b.rng.chance(0.5) ? `byte ${b.rng.range(-128, 127)}` : hex(b.imm(w));
  b.emit(three ? `imul ${dst}, ${src}, ${imm}` : `imul ${dst}, ${src}`);
  b.flagsUndef = MUL_UNDEF;
}

/**
 * div/idiv with a dividend whose quotient fits (high half below the divisor, or the sign
 * extension of the low half), and one case in ten that divides by zero or overflows: #DE.
 */
function divide(b: CaseBuilder): void {
  const w = width(b);
  const op = b.rng.pick(["div", "idiv"]);
  const mask = w === 32 ? 0xffffffff : (1 << w) - 1;
  const faulting = b.rng.chance(0.1);
  let divisor = b.rng.interesting32() & mask || 3;
  const low = b.rng.interesting32() & mask;
  const negative = op === "idiv" && (low & (1 << (w - 1))) !== 0;
  let high = op === "div" ? b.rng.u32() % divisor : negative ? mask : 0;
  if (faulting) {
    if (b.rng.chance(0.5)) divisor = 0;
    else high = op === "div" ? divisor : high ^ mask;
  }
  if (w === 8) b.pin(0, (b.rng.u32() & 0xffff0000) | ((high & 0xff) << 8) | low);
  else {
    b.pin(0, w === 32 ? low : (b.rng.u32() & 0xffff0000) | low);
    b.pin(2, w === 32 ? high : (b.rng.u32() & 0xffff0000) | high);
  }
  b.emit(`${op} ${source(b, w, divisor)}`);
  b.flagsUndef = ALL6;
}

/** mul, imul (one, two and three operands), div and idiv, with #DE cases. */
export const muldiv: Group = {
  name: "muldiv",
  count: 4000,
  kind: "int",
  make(b) {
    const form = b.rng.below(3);
    if (form === 0) mulOne(b);
    else if (form === 1) imulMulti(b);
    else divide(b);
  },
};
