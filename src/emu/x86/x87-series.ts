import { dd, ddAdd, ddDiv, ddMul } from "./double-double.ts";
import { exponentOf } from "./rounding.ts";

/**
 * Power series of the x87 transcendental functions in double-double arithmetic, for small
 * arguments (after table reduction: under 1/128, 4–10 terms) and, with more terms, for the
 * tables and constants computed once at load.
 *
 * Argument z and value v go through `series` (double-double.ts says why): set zh, zl, call,
 * read vh, vl.
 */
export const series = { zh: 0, zl: 0, wh: 0, wl: 0, vh: 0, vl: 0 };

const TERMS = 48;

/**
 * A power series in w: double-double coefficients (hi at 2i, lo at 2i + 1) and the binary
 * logarithms of their magnitudes, which decide how many terms an argument needs.
 */
interface Series {
  readonly c: Float64Array;
  readonly log2: Float64Array;
}

/**
 * TERMS coefficients, sign(i) times 1/divisor(i) (`reciprocal`) or times the running
 * quotient 1/(divisor(0)·…·divisor(i)) (factorials).
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

/** 1/(i+1)!: e^z − 1 = z·Σ z^i/(i+1)!. */
const EXPM1 = coefficients((i) => i + 1, positive, false);
/** (−1)^i/(2i+1)!: sin z = z·Σ (−z²)^i/(2i+1)! (the divisors make the factorials). */
const SIN = coefficients((i) => (i === 0 ? 1 : 2 * i * (2 * i + 1)), alternating, false);
/** (−1)^i/(2i)!: cos z = Σ (−z²)^i/(2i)!. */
const COS = coefficients((i) => (i === 0 ? 1 : (2 * i - 1) * 2 * i), alternating, false);
/** 1/(2i+1), with and without alternating signs: atanh z and atan z = z·Σ (±z²)^i/(2i+1). */
const ATANH = coefficients((i) => 2 * i + 1, positive, true);
const ATAN = coefficients((i) => 2 * i + 1, alternating, true);

/** Terms below 2^-110 of the first are left out. */
const NEGLIGIBLE = -110;
/** Terms below 2^-50 of the first are summed in doubles: their rounding errors stay under 2^-102. */
const SMALL = -50;

/**
 * v = Σ c_i·w^i: Horner's rule in double-double for the leading terms, in plain doubles for
 * the small ones (which is what makes the short series of reduced arguments cheap).
 */
function evaluate(s: Series): void {
  const { c, log2 } = s;
  const wh = series.wh, wl = series.wl;
  // a bound on log2|w| (Math.log2 costs more than the terms it saves)
  const lw = wh === 0 ? -Infinity : exponentOf(wh) + 1;
  let n = 1;
  while (n < TERMS && log2[n] + n * lw >= NEGLIGIBLE) n++;
  let k = 1;
  while (k < n && log2[k] + k * lw >= SMALL) k++;
  let h = 0;
  for (let i = n - 1; i >= k; i--) h = h * wh + c[2 * i];
  let l = 0;
  for (let i = k - 1; i >= 0; i--) {
    h = ddMul(h, l, wh, wl);
    h = ddAdd(h, dd.lo, c[2 * i], c[2 * i + 1]);
    l = dd.lo;
  }
  series.vh = h;
  series.vl = l;
}

/** w = z², or z itself. */
function setW(square: boolean): void {
  const zh = series.zh, zl = series.zl;
  series.wh = square ? ddMul(zh, zl, zh, zl) : zh;
  series.wl = square ? dd.lo : zl;
}

/** v = z·v. */
function timesZ(): void {
  series.vh = ddMul(series.zh, series.zl, series.vh, series.vl);
  series.vl = dd.lo;
}

/** v = e^z − 1. */
export function expm1Series(): void {
  setW(false);
  evaluate(EXPM1);
  timesZ();
}

/** v = sin z. */
export function sinSeries(): void {
  setW(true);
  evaluate(SIN);
  timesZ();
}

/** v = cos z. */
export function cosSeries(): void {
  setW(true);
  evaluate(COS);
}

/** v = atan z (`hyperbolic`: atanh z), |z| < 1. */
export function atanSeries(hyperbolic: boolean): void {
  setW(true);
  evaluate(hyperbolic ? ATANH : ATAN);
  timesZ();
}

/** ln(n/d) = 2·atanh((n − d)/(n + d)) for small integers n, d (at load). */
export function lnRatio(n: number, d: number): number {
  series.zh = ddDiv(n - d, 0, n + d, 0);
  series.zl = dd.lo;
  atanSeries(true);
  return ddAdd(series.vh, series.vl, series.vh, series.vl);
}
