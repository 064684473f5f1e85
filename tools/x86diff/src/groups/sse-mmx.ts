import type { CaseBuilder } from "../builder.ts";
import { doubleBytes, floatBytes } from "../fp-values.ts";
import { fillMmx, fillXmm, mmReg, unsized, vector, xmmReg } from "./simd-setup.ts";
import type { Group } from "./group.ts";

/** Values that convert to in-range and out-of-range integers alike. */
function lanes(b: CaseBuilder, single: boolean): Uint8Array {
  const out = new Uint8Array(16);
  const value = (): number => (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(0, 34);
  if (single) for (let i = 0; i < 16; i += 4) out.set(floatBytes(Math.fround(value())), i);
  else for (let i = 0; i < 16; i += 8) out.set(doubleBytes(value()), i);
  return out;
}

/**
 * Instructions between MMX and XMM registers: cvtpi2pd/cvtpi2ps, cvt(t)pd2pi/cvt(t)ps2pi,
 * movq2dq, movdq2q (each also switches the x87 unit to MMX mode).
 */
export const sseMmx: Group = {
  name: "sse-mmx",
  count: 1500,
  kind: "mmx",
  make(b) {
    b.freeEsp();
    fillMmx(b);
    fillXmm(b, "int");
    for (let r = 0; r < 8; r++) b.state.xmm.set(lanes(b, b.rng.chance(0.5)), 16 * r);
    switch (b.rng.below(5)) {
      case 0:
        return b.emit(`${b.rng.pick(["cvtpi2pd", "cvtpi2ps"])} ${xmmReg(b)}, ${b.rng.chance(0.7) ? mmReg(b) : unsized(b.memWith(vector(b, 8, "int")))}`);
      case 1:
        return b.emit(`${b.rng.pick(["cvtpd2pi", "cvttpd2pi"])} ${mmReg(b)}, ${b.rng.chance(0.7) ? xmmReg(b) : unsized(b.memWith(lanes(b, false), 16))}`);
      case 2:
        return b.emit(`${b.rng.pick(["cvtps2pi", "cvttps2pi"])} ${mmReg(b)}, ${b.rng.chance(0.7) ? xmmReg(b) : unsized(b.memWith(lanes(b, true).subarray(0, 8)))}`);
      case 3:
        return b.emit(`movq2dq ${xmmReg(b)}, ${mmReg(b)}`);
      default:
        return b.emit(`movdq2q ${mmReg(b)}, ${xmmReg(b)}`);
    }
  },
};
