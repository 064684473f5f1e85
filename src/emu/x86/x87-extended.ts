import { exactProduct, low } from "./rounding.ts";

/**
 * Exact (or, for ÷ and √, far beyond 64-bit accurate) results of x87 operations on
 * extended values held as hi + lo double pairs. The result comes back as hi (returned)
 * plus `extLow` and the sign of a smaller `extTail`, ready for roundExact. Used only when
 * an operand has a non-zero low part; operands of extreme magnitude (where the error-free
 * products would overflow or underflow) drop their low parts.
 */
export let extLow = 0;
export let extTail = 0;

const SAFE_MAX = 2 ** 480, SAFE_MIN = 2 ** -480;

/** Whether hi + lo pairs can go through the unscaled error-free transformations. */
export function safeMagnitudes(...xs: number[]): boolean {
  return xs.every((x) => x === 0 || (Math.abs(x) < SAFE_MAX && Math.abs(x) > SAFE_MIN));
}

/** Error-free product as two terms. */
function product(a: number, b: number, out: number[]): void {
  if (a === 0 || b === 0) return;
  out.push(exactProduct(a, b), low);
}

/** Sums terms (VecSum passes) into hi + extLow + extTail. */
function distill(terms: number[]): number {
  const t = terms.filter((x) => x !== 0);
  if (t.length === 0) { extLow = 0; extTail = 0; return 0; }
  vecSum(t, t.length);
  const hi = t[t.length - 1];
  vecSum(t, t.length - 1);
  extLow = t.length > 1 ? t[t.length - 2] : 0;
  extTail = 0;
  for (let i = 0; i < t.length - 2; i++) extTail += t[i];
  return hi;
}

function vecSum(t: number[], n: number): void {
  for (let pass = 0; pass < 3; pass++) {
    for (let i = 1; i < n; i++) {
      const a = t[i], b = t[i - 1];
      const s = a + b, bb = s - a;
      t[i - 1] = (a - (s - bb)) + (b - bb);
      t[i] = s;
    }
  }
}

export function extendedSum(a: number, aLo: number, b: number, bLo: number): number {
  return distill([aLo, bLo, a, b].sort((x, y) => Math.abs(x) - Math.abs(y)));
}

export function extendedProduct(a: number, aLo: number, b: number, bLo: number): number {
  const terms: number[] = [];
  product(aLo, bLo, terms);
  product(a, bLo, terms);
  product(aLo, b, terms);
  product(a, b, terms);
  return distill(terms.sort((x, y) => Math.abs(x) - Math.abs(y)));
}

/** (a + aLo) − q·(b + bLo) for a quotient estimate q, as a double. */
function remainder(a: number, aLo: number, b: number, bLo: number, qs: number[]): number {
  const terms = [a, aLo];
  for (const q of qs) {
    product(-q, b, terms);
    product(-q, bLo, terms);
  }
  return distill(terms.sort((x, y) => Math.abs(x) - Math.abs(y)));
}

export function extendedQuotient(a: number, aLo: number, b: number, bLo: number): number {
  const q0 = a / b;
  const q1 = remainder(a, aLo, b, bLo, [q0]) / b;
  const q2 = remainder(a, aLo, b, bLo, [q0, q1]) / b;
  return distill([q2, q1, q0]);
}

export function extendedSqrt(a: number, aLo: number): number {
  const s0 = Math.sqrt(a);
  const square = (parts: number[]): number[] => {
    const terms = [a, aLo];
    for (const x of parts) for (const y of parts) product(-x, y, terms);
    return terms;
  };
  const s1 = distill(square([s0]).sort((x, y) => Math.abs(x) - Math.abs(y))) / (2 * s0);
  const s2 = distill(square([s0, s1]).sort((x, y) => Math.abs(x) - Math.abs(y))) / (2 * s0);
  return distill([s2, s1, s0]);
}
