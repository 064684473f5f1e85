import type { CaseBuilder } from "../builder.ts";
import { fillXmm, unsized, vector, xmmReg } from "./simd-setup.ts";
import { MMX_BINARY } from "./mmx.ts";
import type { Group } from "./group.ts";

const EXTRA = ["punpcklqdq", "punpckhqdq"] as const;
const SHIFT_IMM = ["psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad", "pslldq", "psrldq"] as const;

function binary(b: CaseBuilder): void {
  const op = b.rng.pick([...MMX_BINARY, ...EXTRA]);
  const src = b.rng.chance(0.7) ? xmmReg(b) : unsized(b.memWith(vector(b, 16, "int"), 16));
  b.emit(`${op} ${xmmReg(b)}, ${src}`);
}

function moves(b: CaseBuilder): void {
  const x = (): string => xmmReg(b);
  switch (b.rng.below(8)) {
    case 0:
      return b.emit(b.rng.pick([`movd ${x()}, ${b.reg(32)}`, `movd ${x()}, ${unsized(b.mem(4))}`, `movd ${b.dest(32)}, ${x()}`, `movd ${unsized(b.mem(4))}, ${x()}`]));
    case 1:
      return b.emit(b.rng.pick([`movq ${x()}, ${x()}`, `movq ${x()}, ${unsized(b.mem(8))}`, `movq ${unsized(b.mem(8))}, ${x()}`]));
    case 2:
      return b.emit(b.rng.pick([`movdqa ${x()}, ${x()}`, `movdqa ${x()}, ${unsized(b.mem(16, 16))}`, `movdqa ${unsized(b.mem(16, 16))}, ${x()}`, `movntdq ${unsized(b.mem(16, 16))}, ${x()}`]));
    case 3:
      return b.emit(b.rng.pick([`movdqu ${x()}, ${unsized(b.mem(16))}`, `movdqu ${unsized(b.mem(16))}, ${x()}`]));
    case 4:
      return b.emit(`${b.rng.pick(["pshufd", "pshuflw", "pshufhw"])} ${x()}, ${b.rng.chance(0.6) ? x() : unsized(b.mem(16, 16))}, ${b.rng.below(256)}`);
    case 5:
      return b.emit(b.rng.pick([`pmovmskb ${b.dest(32)}, ${x()}`, `pextrw ${b.dest(32)}, ${x()}, ${b.rng.below(8)}`, `pinsrw ${x()}, ${b.reg(32)}, ${b.rng.below(8)}`]));
    case 6:
      return b.emit(b.rng.pick(["movmskpd", "movmskps"]) + ` ${b.dest(32)}, ${x()}`);
    default: {
      // maskmovdqu stores the selected bytes at [EDI]
      b.pin(7, 0x20000 + b.target(16));
      return b.emit(`maskmovdqu ${x()}, ${x()}`);
    }
  }
}

/** SSE2 integer operations on XMM registers, 128-bit moves and shuffles, maskmovdqu. */
export const sseInt: Group = {
  name: "sse-int",
  count: 4000,
  kind: "fp",
  make(b) {
    b.freeEsp();
    fillXmm(b, "int");
    const form = b.rng.below(4);
    if (form < 2) binary(b);
    else if (form === 2) b.emit(`${b.rng.pick(SHIFT_IMM)} ${xmmReg(b)}, ${b.rng.pick([0, 1, 7, 8, 15, 16, 31, 32, 63, 64, b.rng.below(256)])}`);
    else moves(b);
  },
};
