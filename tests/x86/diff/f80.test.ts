import { describe, expect, it } from "vitest";
import { doubleBits, doubleCandidateBits, f80FromDouble } from "../../../tools/x86diff/src/f80.ts";
import { randomDouble } from "../../../tools/x86diff/src/fp-values.ts";
import { Rng } from "../../../tools/x86diff/src/rng.ts";

/** An 80-bit image from sign, biased exponent and 64-bit significand. */
function image(sign: number, exp: number, mant: bigint): Uint8Array {
  const b = new Uint8Array(10);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, mant, true);
  v.setUint16(8, (sign << 15) | exp, true);
  return b;
}

describe("80-bit images and doubles (the comparison the x87 tests rely on)", () => {
  it("round-trips every double, NaN payloads and signed zeros included", () => {
    const rng = new Rng(80);
    for (let i = 0; i < 20000; i++) {
      const bits = doubleBits(randomDouble(rng));
      const v = new DataView(new ArrayBuffer(8));
      v.setBigUint64(0, bits);
      expect(doubleCandidateBits(f80FromDouble(v.getFloat64(0)))).toEqual([bits]);
    }
  });

  it("rounds to nearest even and gives both neighbours at an exact tie", () => {
    const one = 0x3fff;
    // 1 + 2^-53: exactly halfway between 1 and 1 + 2^-52 → 1 first (even), then 1 + 2^-52
    expect(doubleCandidateBits(image(0, one, (1n << 63n) | (1n << 10n)))).toEqual([0x3ff0000000000000n, 0x3ff0000000000001n]);
    // just above the tie: one answer, rounded up
    expect(doubleCandidateBits(image(0, one, (1n << 63n) | (1n << 10n) | 1n))).toEqual([0x3ff0000000000001n]);
    // 1 + 3·2^-53: tie between odd and even → the even one (up) first
    expect(doubleCandidateBits(image(1, one, (1n << 63n) | (3n << 10n)))).toEqual([0xbff0000000000002n, 0xbff0000000000001n]);
  });

  it("rounds extended values beyond the double range to infinity, zero or a subnormal", () => {
    expect(doubleCandidateBits(image(0, 0x3fff + 1024, 1n << 63n))).toEqual([0x7ff0000000000000n]);
    expect(doubleCandidateBits(image(1, 0x3fff - 1100, 1n << 63n))).toEqual([0x8000000000000000n]);
    // 2^-1074 · 1.5 is a tie between the two smallest subnormals
    expect(doubleCandidateBits(image(0, 0x3fff - 1074, 3n << 62n))).toEqual([0x2n, 0x1n]);
    // the x87 default NaN (real indefinite) is negative
    expect(doubleCandidateBits(image(1, 0x7fff, 3n << 62n))).toEqual([0xfff8000000000000n]);
  });
});
