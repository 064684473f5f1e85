import type { Rng } from "./rng.ts";

/** Doubles that exercise rounding and the special cases, mixed with ordinary values. */
export function randomDouble(rng: Rng): number {
  switch (rng.below(8)) {
    case 0:
      return rng.pick([0, -0, 1, -1, 0.5, 2, 3, 10, Infinity, -Infinity, NaN, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** -1022, 1e308, -1e-310]);
    case 1:
      return rng.range(-1000, 1000);
    case 2:
      return (rng.u32() / 2 ** 32) * 2 - 1;
    case 3: {
      // any bit pattern: denormals, NaN payloads, extreme exponents
      const v = new DataView(new ArrayBuffer(8));
      v.setUint32(0, rng.u32());
      v.setUint32(4, rng.u32());
      return v.getFloat64(0);
    }
    default: {
      const mant = 1 + rng.u32() / 2 ** 32 + rng.u32() / 2 ** 64;
      return (rng.chance(0.5) ? -1 : 1) * mant * 2 ** rng.range(-80, 80);
    }
  }
}

/** A double that is also exactly a float (for the single-precision forms). */
export function randomFloat(rng: Rng): number {
  if (rng.chance(0.15)) {
    const v = new DataView(new ArrayBuffer(4));
    v.setUint32(0, rng.u32());
    return v.getFloat32(0);
  }
  return Math.fround(randomDouble(rng));
}

export function doubleBytes(x: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return b;
}

export function floatBytes(x: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return b;
}

/** Integer bytes of `size` (2, 4 or 8) from one or two random words, biased to edges. */
export function intBytes(rng: Rng, size: number): Uint8Array {
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  if (size === 2) v.setUint16(0, rng.interesting32() & 0xffff, true);
  else if (size === 4) v.setUint32(0, rng.interesting32(), true);
  else {
    v.setUint32(0, rng.interesting32(), true);
    v.setUint32(4, rng.chance(0.5) ? rng.interesting32() : rng.pick([0, 0xffffffff]), true);
  }
  return b;
}
