import { exactResult, exactProduct } from "./rounding.ts";

/**
 * Double-double arithmetic for the x87 transcendental instructions. A value is the
 * unevaluated sum hi + lo of two doubles (|lo| ≤ ulp(hi)/2): about 106 significant bits,
 * 42 more than the x87 significand, so that a function value computed this way rounds to
 * 64 bits as the exact value would unless it lies within ~2^-100 (relative) of a rounding
 * boundary. Each operation returns hi and leaves lo in `dd.lo`: read it before the next one
 * (an object field, not a module variable: V8 boxes every double stored in one).
 *
 * Relative errors are a few units of 2^-106. Dekker's product needs its operands within
 * ±2^995 and products above 2^-969 (the error terms must stay normal): callers exactResult.scale huge
 * and tiny arguments by powers of two first.
 */
export const dd = { lo: 0 };

/** a + b exactly (Knuth's TwoSum). */
export function ddSum(a: number, b: number): number {
  const s = a + b, v = s - a;
  dd.lo = (a - (s - v)) + (b - v);
  return s;
}

/** (ah + al) + (bh + bl), accurate also when the sum cancels (both parts' errors kept). */
export function ddAdd(ah: number, al: number, bh: number, bl: number): number {
  const s = ah + bh;
  let v = s - ah;
  let e = (ah - (s - v)) + (bh - v);
  const t = al + bl;
  v = t - al;
  const f = (al - (t - v)) + (bl - v);
  e += t;
  const h = s + e;
  e = e - (h - s) + f;
  const r = h + e;
  dd.lo = e - (r - h);
  return r;
}

/** (ah + al)·(bh + bl); al·bl (below 2^-106 of the product) is left out. */
export function ddMul(ah: number, al: number, bh: number, bl: number): number {
  const p = exactProduct(ah, bh);
  const e = exactResult.low + (ah * bl + al * bh);
  const r = p + e;
  dd.lo = e - (r - p);
  return r;
}

/** (ah + al)/(bh + bl): the double quotient plus one correction from the exact remainder. */
export function ddDiv(ah: number, al: number, bh: number, bl: number): number {
  const q = ah / bh;
  const p = exactProduct(q, bh);
  const c = ((((ah - p) - exactResult.low) + al) - q * bl) / bh;
  const r = q + c;
  dd.lo = c - (r - q);
  return r;
}

/**
 * A power series: double-double coefficients (hi at 2i, lo at 2i + 1) and the binary
 * logarithms of their magnitudes, which decide how many terms an argument needs.
 */
export interface Series {
  readonly c: Float64Array;
  readonly log2: Float64Array;
}

/** Terms below 2^-110 of the first are left out. */
const NEGLIGIBLE = -110;
/** Terms below 2^-50 of the first are summed in doubles: their rounding errors stay under 2^-102. */
const SMALL = -50;

/**
 * Σ c_i·z^i for z = zh + zl: Horner's rule in double-double for the leading terms, in plain
 * doubles for the small ones (which is what makes the short series of the reduced
 * arguments cheap).
 */
export function ddSeries(zh: number, zl: number, s: Series): number {
  const { c, log2 } = s;
  const lz = Math.log2(Math.abs(zh));
  let n = 1;
  while (n < log2.length && log2[n] + n * lz >= NEGLIGIBLE) n++;
  let k = 1;
  while (k < n && log2[k] + k * lz >= SMALL) k++;
  let h = 0;
  for (let i = n - 1; i >= k; i--) h = h * zh + c[2 * i];
  let l = 0;
  for (let i = k - 1; i >= 0; i--) {
    h = ddMul(h, l, zh, zl);
    h = ddAdd(h, dd.lo, c[2 * i], c[2 * i + 1]);
    l = dd.lo;
  }
  dd.lo = l;
  return h;
}

/**
 * A function value (hi + `lo`)·2^−`scaled` (the exactResult.scale of roundExact); `tail` is the sign of
 * what is left beyond hi + lo when that is known to matter (the value sits just beside a
 * 64-bit number), 0 otherwise.
 */
export const fnValue = { lo: 0, scaled: 0, tail: 0 };

/** Sets fnValue and returns hi: the usual way a function hands its value over. */
export function value(hi: number, lo: number, scaled = 0, tail = 0): number {
  fnValue.lo = lo;
  fnValue.scaled = scaled;
  fnValue.tail = tail;
  return hi;
}
