import { dd, ddProduct, ddSum } from "./double-double.ts";

/**
 * Exact (or, for ÷ and √, far beyond 64-bit accurate) results of x87 operations on
 * extended values held as hi + lo double pairs. The result comes back as hi (returned)
 * plus `extended.low` and a smaller `extended.tail` (only its sign matters), ready for
 * roundExact. Used only when an operand has a non-zero low part; callers check
 * `safeMagnitudes` so that the unscaled error-free products can neither overflow nor
 * underflow.
 */
export const extended = { low: 0, tail: 0 };

const SAFE_MAX = 2 ** 480, SAFE_MIN = 2 ** -480;

const safe = (x: number): boolean => x === 0 || (Math.abs(x) < SAFE_MAX && Math.abs(x) > SAFE_MIN);

export function safeMagnitudes(a: number, b = 0): boolean {
  return safe(a) && safe(b);
}

/**
 * Exact sum of four terms as hi + extended.low + extended.tail (x1 and x2 the large ones,
 * y1 and y2 their small companions).
 */
function sum4(x1: number, x2: number, y1: number, y2: number): number {
  const s = ddSum(x1, x2), e1 = dd.lo;
  const t = ddSum(y1, y2), e2 = dd.lo;
  const u = ddSum(e1, t), e3 = dd.lo;
  const hi = ddSum(s, u), e4 = dd.lo;
  const lo = ddSum(e4, e3);
  extended.tail = dd.lo + e2;
  const h = ddSum(hi, lo);
  extended.low = dd.lo;
  return h;
}

export function extendedSum(a: number, aLo: number, b: number, bLo: number): number {
  return sum4(a, b, aLo, bLo);
}

/** Exact product terms: (a + aLo)(b + bLo) = p + e + cross terms (a·bLo, aLo·b) + aLo·bLo. */
export function extendedProduct(a: number, aLo: number, b: number, bLo: number): number {
  const p = ddProduct(a, b), pe = dd.lo;
  const c1 = aLo === 0 ? 0 : ddProduct(aLo, b), c1e = aLo === 0 ? 0 : dd.lo;
  const c2 = bLo === 0 ? 0 : ddProduct(a, bLo), c2e = bLo === 0 ? 0 : dd.lo;
  const small = aLo * bLo;
  const cross = ddSum(c1, c2), crossErr = dd.lo;
  return sum4(p, cross, pe, c1e + c2e + crossErr + small);
}

/** (a + aLo) − q·(b + bLo) as a double. */
function remainder(a: number, aLo: number, b: number, bLo: number, q: number): number {
  const p = ddProduct(q, b), pe = dd.lo;
  const r = sum4(a, -p, aLo, -pe - q * bLo);
  return r + extended.low;
}

export function extendedQuotient(a: number, aLo: number, b: number, bLo: number): number {
  const q0 = a / b;
  const r1 = remainder(a, aLo, b, bLo, q0);
  const q1 = r1 / b;
  const q01 = ddSum(q0, q1), q01e = dd.lo;
  const r2 = remainder(a, aLo, b, bLo, q01) - q01e * b;
  const q2 = r2 / b;
  return sum4(q01, 0, q01e, q2);
}

export function extendedSqrt(a: number, aLo: number): number {
  const s0 = Math.sqrt(a);
  const sq = ddProduct(s0, s0), sqe = dd.lo;
  const r1 = sum4(a, -sq, aLo, -sqe) + extended.low;
  const s1 = r1 / (2 * s0);
  const s01 = ddSum(s0, s1), s01e = dd.lo;
  const sq2 = ddProduct(s01, s01), sq2e = dd.lo;
  const r2 = sum4(a, -sq2, aLo, -sq2e - 2 * s01 * s01e) + extended.low;
  const s2 = r2 / (2 * s0);
  return sum4(s01, 0, s01e, s2);
}
