import { value } from "./double-double.ts";
import { exactRegister } from "./exact-register.ts";
import { exponentOf, scaleBy } from "./rounding.ts";

/**
 * fprem (quotient truncated) and fprem1 (quotient rounded to nearest, ties to even): the
 * remainder is always exact. For an exponent difference D ≥ 64 the reduction is partial, as
 * measured on hardware: by b·2^k with k = 32·⌊(D − 32)/32⌋, and C2 = 1.
 */

/** The quotient's low three bits (C0, C3, C1) of the last call, or −1 after a partial reduction. */
export const quotientBits = { q: 0 };

/** Remainder of finite a = ah + al ≠ 0 by finite b = bh + bl ≠ 0, as a function value. */
export function partialRemainder(ah: number, al: number, bh: number, bl: number, nearest: boolean): number {
  const d = exponentOf(ah) - exponentOf(bh);
  // doubles within range: JS % is the exact IEEE fmod
  if (al === 0 && bl === 0 && d < 64 && Math.abs(bh) <= 2 ** 1000) return doubleRemainder(ah, bh, nearest);
  return exactRemainder(ah, al, bh, bl, nearest);
}

function doubleRemainder(a: number, b: number, nearest: boolean): number {
  let r = a % b;
  let q = Math.abs(Math.round(((a % (8 * b)) - r) / b)) & 7;
  const twice = Math.abs(2 * r), mag = Math.abs(b);
  if (nearest && (twice > mag || (twice === mag && (q & 1) === 1))) {
    r -= Math.sign(a) * mag;
    q = (q + 1) & 7;
  }
  quotientBits.q = q;
  return value(r === 0 ? a * 0 : r, 0);
}

const bitLength = (n: bigint): number => n.toString(2).length;

/** The same with integers: both operands over a common power of two. */
function exactRemainder(ah: number, al: number, bh: number, bl: number, nearest: boolean): number {
  const x = exactRegister(ah, al), y = exactRegister(bh, bl);
  const f = Math.max(x.fractionBits, y.fractionBits);
  let a = x.value << BigInt(f - x.fractionBits), b = y.value << BigInt(f - y.fractionBits);
  const negative = a < 0n;
  if (negative) a = -a;
  if (b < 0n) b = -b;
  const d = bitLength(a) - bitLength(b);
  const partial = d >= 64;
  if (partial) b <<= BigInt(32 * Math.floor((d - 32) / 32));
  let q = a / b, r = a - q * b;
  if (nearest && !partial && (2n * r > b || (2n * r === b && (q & 1n) === 1n))) {
    r -= b;
    q += 1n;
  }
  quotientBits.q = partial ? -1 : Number(q & 7n);
  if (r === 0n) return value(ah * 0, 0);
  // r has at most 64 significant bits (the rest are zeros): two doubles hold it exactly
  const sign = (r < 0n) !== negative ? -1 : 1;
  if (r < 0n) r = -r;
  const zeros = Math.max(0, bitLength(r) - 64);
  r >>= BigInt(zeros);
  const hi = Number(r), e = zeros - f;
  return value(sign * scaleBy(hi, e), sign * scaleBy(Number(r - BigInt(hi)), e));
}
