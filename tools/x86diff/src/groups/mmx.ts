import type { CaseBuilder } from "../builder.ts";
import { fillMmx, mmReg, unsized, vector } from "./simd-setup.ts";
import type { Group } from "./group.ts";

/** Two-operand MMX (and SSE-on-MMX) operations: `op mm, mm/m64`. */
export const MMX_BINARY = [
  "paddb", "paddw", "paddd", "paddq", "paddsb", "paddsw", "paddusb", "paddusw",
  "psubb", "psubw", "psubd", "psubq", "psubsb", "psubsw", "psubusb", "psubusw",
  "pmullw", "pmulhw", "pmulhuw", "pmaddwd", "pmuludq",
  "pand", "pandn", "por", "pxor",
  "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpgtb", "pcmpgtw", "pcmpgtd",
  "packsswb", "packssdw", "packuswb",
  "punpcklbw", "punpcklwd", "punpckldq", "punpckhbw", "punpckhwd", "punpckhdq",
  "psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad",
  "pavgb", "pavgw", "pminub", "pmaxub", "pminsw", "pmaxsw", "psadbw",
] as const;

const SHIFT_IMM = ["psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad"] as const;

function binary(b: CaseBuilder): void {
  const op = b.rng.pick(MMX_BINARY);
  const src = b.rng.chance(0.7) ? mmReg(b) : unsized(b.memWith(vector(b, 8, "int")));
  b.emit(`${op} ${mmReg(b)}, ${src}`);
}

function moves(b: CaseBuilder): void {
  switch (b.rng.below(7)) {
    case 0:
      return b.emit(`movd ${mmReg(b)}, ${b.rng.chance(0.5) ? b.reg(32) : unsized(b.mem(4))}`);
    case 1:
      return b.emit(`movd ${b.rng.chance(0.5) ? b.dest(32) : unsized(b.mem(4))}, ${mmReg(b)}`);
    case 2:
      return b.emit(`movq ${mmReg(b)}, ${b.rng.chance(0.5) ? mmReg(b) : unsized(b.mem(8))}`);
    case 3:
      return b.emit(`movq ${unsized(b.mem(8))}, ${mmReg(b)}`);
    case 4:
      return b.emit(`pshufw ${mmReg(b)}, ${b.rng.chance(0.5) ? mmReg(b) : unsized(b.mem(8))}, ${b.rng.below(256)}`);
    case 5:
      return b.emit(b.rng.pick([`pmovmskb ${b.dest(32)}, ${mmReg(b)}`, `pextrw ${b.dest(32)}, ${mmReg(b)}, ${b.rng.below(8)}`, `pinsrw ${mmReg(b)}, ${b.reg(32)}, ${b.rng.below(8)}`]));
    default:
      return b.emit("emms");
  }
}

/**
 * MMX: movd/movq, the packed integer arithmetic, logic, compare, pack/unpack and shift
 * forms (shifts by register, memory and imm8), the SSE additions on MMX registers, emms.
 */
export const mmx: Group = {
  name: "mmx",
  count: 3500,
  kind: "mmx",
  make(b) {
    b.freeEsp();
    fillMmx(b);
    const form = b.rng.below(4);
    if (form < 2) binary(b);
    else if (form === 2) b.emit(`${b.rng.pick(SHIFT_IMM)} ${mmReg(b)}, ${b.rng.pick([0, 1, 7, 8, 15, 16, 31, 32, 63, 64, b.rng.below(256)])}`);
    else moves(b);
  },
};
