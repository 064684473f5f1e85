import type { CaseBuilder } from "../builder.ts";
import { DATA_BASE } from "../layout.ts";
import { hex, regName } from "../builder.ts";
import { AF, CF, OF, PF, SF, type Group } from "./group.ts";

/** bt* leave OF, SF, AF, PF undefined; bsf/bsr all but ZF. */
const BT_UNDEF = OF | SF | AF | PF;
const BS_UNDEF = CF | OF | SF | AF | PF;

/**
 * bt/bts/btr/btc. With a memory operand and a register offset the offset is a signed bit
 * index from the operand's address (SDM "Bit(BitBase, BitOffset)"), so it is chosen to stay
 * inside the window on both sides.
 */
function bitTest(b: CaseBuilder): void {
  const op = b.rng.pick(["bt", "bts", "btr", "btc"]);
  const w = b.rng.pick([16, 32] as const);
  const form = b.rng.below(4);
  const lock = op !== "bt" && b.rng.chance(0.2) ? "lock " : "";
  if (form === 0) b.emit(`${op} ${b.dest(w)}, ${b.reg(w)}`);
  else if (form === 1) b.emit(`${op} ${b.rng.chance(0.5) ? b.dest(w) : b.mem(w / 8)}, byte ${b.rng.below(256)}`);
  else {
    const base = 0x80 + b.rng.below(0x80) * 2;
    const offset = b.rng.range(-base * 8, (0x180 - base) * 8);
    const r = b.pinnedReg(offset);
    b.emit(`${lock}${op} ${w === 32 ? "dword" : "word"} ${addressAt(b, base)}, ${regName(w, r)}`);
  }
  b.flagsUndef = BT_UNDEF;
}

/** An addressing expression for window offset `offset` through a fresh base register. */
function addressAt(b: CaseBuilder, offset: number): string {
  return `[${regName(32, b.pinnedReg(DATA_BASE + offset, [4]))}]`;
}

/** bsf/bsr, with a zero source one time in eight (ZF=1, destination unchanged on this CPU). */
function bitScan(b: CaseBuilder): void {
  const op = b.rng.pick(["bsf", "bsr"]);
  const w = b.rng.pick([16, 32] as const);
  const value = b.rng.chance(0.125) ? 0 : b.rng.interesting32() || 0x100;
  const srcReg = b.pinnedReg(value);
  b.emit(`${op} ${b.dest(w)}, ${regName(w, srcReg)}`);
  b.flagsUndef = BS_UNDEF;
}

/**
 * shld/shrd by imm8 or CL. A count above 16 leaves a 16-bit result undefined, so 16-bit
 * counts stay within 0..16 (plus multiples of 32, which mask to 0).
 */
function doubleShift(b: CaseBuilder): void {
  const op = b.rng.pick(["shld", "shrd"]);
  const w = b.rng.pick([16, 32] as const);
  const n = w === 16 ? b.rng.pick([0, 1, 2, 7, 15, 16, 32, 33, b.rng.below(17)]) : b.rng.pick([0, 1, 2, 31, 32, 33, b.rng.below(256)]);
  const viaCl = b.rng.chance(0.5);
  if (viaCl) b.pin(1, (b.rng.u32() & ~0xff) | n);
  const dst = b.rng.chance(0.6) ? b.dest(w) : b.mem(w / 8);
  b.emit(`${op} ${dst}, ${b.reg(w)}, ${viaCl ? "cl" : hex(n)}`);
  const masked = n & 31;
  b.flagsUndef = masked === 0 ? 0 : AF | (masked === 1 ? 0 : OF);
}

/** bt/bts/btr/btc, bsf/bsr, shld/shrd. */
export const bits: Group = {
  name: "bits",
  count: 4000,
  kind: "int",
  make(b) {
    b.freeEsp();
    const form = b.rng.below(3);
    if (form === 0) bitTest(b);
    else if (form === 1) bitScan(b);
    else doubleShift(b);
  },
};
