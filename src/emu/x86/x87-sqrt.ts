import { value } from "./double-double.ts";
import { exactRegister } from "./exact-register.ts";
import { exactResult, exponentOf, scaleBy, twoSqrt } from "./rounding.ts";
import { extended, extendedSqrt } from "./x87-extended.ts";

/**
 * fsqrt's root, for rounding to `bits` (24, 53, 64) exactly as IEEE requires. twoSqrt (a
 * double x) or extendedSqrt (one with a low part) gives the root of x scaled to [1, 4)
 * within about 2^-105; when that lies within 2^-32 half-ulps of a rounding boundary (a
 * `bits`-bit number or the midpoint of two), where the error could put it on the wrong
 * side, the boundary itself is returned, with the side the root lies on as the tail, found
 * by comparing the boundary's square with x exactly (BigInt). Such roots are rare at random
 * but not in practice: √(1 − 2^-53) = 1 − 2^-54 − 2^-109…, next to a midpoint of doubles.
 */
const NEAR = 2 ** -32;

/** √x for finite x = xh + xl > 0, as a function value (double-double.ts). */
export function squareRoot(xh: number, xl: number, bits: number): number {
  // scaled by an even power of two to [1, 4): the root's exponent is half of it (a power
  // of two with a negative low part is below its own exponent)
  let e = exponentOf(xh) & ~1;
  let ah = scaleBy(xh, -e), al = scaleBy(xl, -e);
  if (ah === 1 && al < 0) {
    ah *= 4;
    al *= 4;
    e -= 2;
  }
  const h = al === 0 ? twoSqrt(ah) : extendedSqrt(ah, al);
  const l = al === 0 ? exactResult.low : extended.low;
  // the root's position in units of a half ulp at `bits` bits (the root is in [1, 2))
  // (constants: a power with a variable exponent costs more than the whole root)
  const halfUlp = bits === 64 ? 2 ** -64 : bits === 53 ? 2 ** -53 : 2 ** -24;
  const below = Math.floor(h / halfUlp) * halfUlp;
  const position = ((h - below) + l) / halfUlp;
  const nearest = Math.round(position);
  if (Math.abs(position - nearest) >= NEAR) return value(h, l, -e / 2);
  return boundary(ah, al, below, nearest, bits, -e / 2);
}

/**
 * The boundary b = below + halves·2^-bits (up to 65 bits, so as two doubles) with the sign
 * of √a − b as the tail.
 */
function boundary(ah: number, al: number, below: number, halves: number, bits: number, scaled: number): number {
  // a·2^128 and b·2^64 are integers: a is a multiple of 2^-63, b of 2^-64
  const { value: av, fractionBits } = exactRegister(ah, al);
  const a = av << BigInt(128 - fractionBits);
  const b = (BigInt(below * 2 ** bits) + BigInt(halves)) << BigInt(64 - bits);
  const square = b * b;
  return value(below, halves * 2 ** -bits, scaled, a > square ? 1 : a < square ? -1 : 0);
}
