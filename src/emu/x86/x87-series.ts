import { dd, ddAdd, ddDiv, ddMul, ddSeries, type Series } from "./double-double.ts";

/**
 * Power series of the x87 transcendental functions in double-double arithmetic, for small
 * arguments (after table reduction, ≤ 1/128: about 8 terms) and, with more terms, for the
 * tables and constants computed once at load. Each returns hi and leaves lo in `dd.lo`.
 */

const TERMS = 48;

/**
 * TERMS double-double coefficients, sign(i) times 1/divisor(i) (`reciprocal`) or times the
 * running quotient 1/(divisor(0)·…·divisor(i)) (factorials).
 */
function coefficients(divisor: (i: number) => number, sign: (i: number) => number, reciprocal: boolean): Series {
  const c = new Float64Array(2 * TERMS), log2 = new Float64Array(TERMS);
  let h = 1, l = 0;
  for (let i = 0; i < TERMS; i++) {
    h = reciprocal ? ddDiv(1, 0, divisor(i), 0) : ddDiv(h, l, divisor(i), 0);
    l = dd.lo;
    c[2 * i] = sign(i) * h;
    c[2 * i + 1] = sign(i) * l;
    log2[i] = Math.log2(h);
  }
  return { c, log2 };
}

const alternating = (i: number): number => (i % 2 === 0 ? 1 : -1);
const positive = (): number => 1;

/** 1/(i+1)!: expm1(t) = t·Σ t^i/(i+1)!. */
const EXPM1 = coefficients((i) => i + 1, positive, false);
/** (−1)^i/(2i+1)!: sin u = u·Σ (−u²)^i/(2i+1)! (the divisors make the factorials). */
const SIN = coefficients((i) => (i === 0 ? 1 : 2 * i * (2 * i + 1)), alternating, false);
/** (−1)^i/(2i)!: cos u = Σ (−u²)^i/(2i)!. */
const COS = coefficients((i) => (i === 0 ? 1 : (2 * i - 1) * 2 * i), alternating, false);
/** 1/(2i+1), with and without alternating signs: atanh s and atan s = s·Σ (±s²)^i/(2i+1). */
const ATANH = coefficients((i) => 2 * i + 1, positive, true);
const ATAN = coefficients((i) => 2 * i + 1, alternating, true);

/** z·P(w). */
function timesSeries(zh: number, zl: number, wh: number, wl: number, p: Series): number {
  const h = ddSeries(wh, wl, p);
  return ddMul(zh, zl, h, dd.lo);
}

/** e^t − 1. */
export function expm1Series(th: number, tl: number): number {
  return timesSeries(th, tl, th, tl, EXPM1);
}

/** sin u. */
export function sinSeries(uh: number, ul: number): number {
  const wh = ddMul(uh, ul, uh, ul);
  return timesSeries(uh, ul, wh, dd.lo, SIN);
}

/** cos u. */
export function cosSeries(uh: number, ul: number): number {
  const wh = ddMul(uh, ul, uh, ul);
  return ddSeries(wh, dd.lo, COS);
}

/** atan s (`hyperbolic`: atanh s), |s| < 1. */
export function atanSeries(sh: number, sl: number, hyperbolic: boolean): number {
  const wh = ddMul(sh, sl, sh, sl);
  return timesSeries(sh, sl, wh, dd.lo, hyperbolic ? ATANH : ATAN);
}

/** ln((1 + s)/(1 − s)) = 2·atanh s: the logarithm of a ratio of small integers, exactly s = (n − d)/(n + d). */
export function lnRatio(n: number, d: number): number {
  const sh = ddDiv(n - d, 0, n + d, 0);
  const h = atanSeries(sh, dd.lo, true);
  return ddAdd(h, dd.lo, h, dd.lo);
}
