import { dd, ddAdd, ddDiv, ddMul, ddSum, value } from "./double-double.ts";
import { exponentOf, scaleBy } from "./rounding.ts";
import { LOG2E } from "./x87-constants.ts";
import { atanSeries, lnRatio } from "./x87-series.ts";

/**
 * fyl2x (y·log2 x) and fyl2xp1 (y·log2(1 + x)) in double-double. With x = 2^e·m,
 * m ∈ [√½, √2]: ln m = ln c + 2·atanh((m − c)/(m + c)) for the c = j/64 nearest to m
 * (so |s| < 2^-7.5: 8 terms), ln c from a table. The measured hardware results are the
 * 64-bit rounding of the exact value in 97–98% of cases and within 0.6 ulp otherwise.
 */
const FIRST = 45, LAST = 91;
const LN_TABLE = new Float64Array(2 * (LAST - FIRST + 1));
for (let j = FIRST; j <= LAST; j++) {
  LN_TABLE[2 * (j - FIRST)] = lnRatio(j, 64);
  LN_TABLE[2 * (j - FIRST) + 1] = dd.lo;
}

/** Below this, log2(1 + x) is computed from x scaled up (Dekker's products would underflow). */
const TINY = 2 ** -400;
/** Below this, fyl2xp1 uses 2·atanh(x/(2 + x)) directly. */
const SMALL = 1 / 128;

/** 2·atanh(s) = ln((1 + s)/(1 − s)). */
function twiceAtanh(sh: number, sl: number): number {
  const a = atanSeries(sh, sl, true);
  return ddAdd(a, dd.lo, a, dd.lo);
}

/** ln m, m = mh + ml ∈ [0.70, 1.42]. */
function lnNearOne(mh: number, ml: number): number {
  const j = Math.round(mh * 64), c = j / 64;
  // mh − c is exact (Sterbenz)
  const uh = ddSum(mh - c, ml), ul = dd.lo;
  const dh = ddAdd(2 * c, 0, uh, ul);
  const sh = ddDiv(uh, ul, dh, dd.lo);
  const a = twiceAtanh(sh, dd.lo);
  if (j === 64) return a;
  return ddAdd(a, dd.lo, LN_TABLE[2 * (j - FIRST)], LN_TABLE[2 * (j - FIRST) + 1]);
}

/** log2 x, x = xh + xl > 0 finite. */
function log2(xh: number, xl: number): number {
  let e = exponentOf(xh);
  let mh = scaleBy(xh, -e), ml = scaleBy(xl, -e);
  if (mh > Math.SQRT2) {
    mh /= 2;
    ml /= 2;
    e++;
  }
  const lh = lnNearOne(mh, ml);
  const th = ddMul(lh, dd.lo, LOG2E.hi, LOG2E.lo);
  return ddAdd(e, 0, th, dd.lo);
}

/** (yh + yl)·(lh + ll) as a function value, y's exponent moved to the scale. */
function scaledProduct(yh: number, yl: number, lh: number, ll: number, scaled = 0): number {
  const e = exponentOf(yh);
  const h = ddMul(scaleBy(yh, -e), scaleBy(yl, -e), lh, ll);
  return value(h, dd.lo, scaled - e);
}

/** fyl2x: y·log2 x for finite y ≠ 0 and finite x > 0. */
export function yLog2X(yh: number, yl: number, xh: number, xl: number): number {
  const lh = log2(xh, xl);
  return scaledProduct(yh, yl, lh, dd.lo);
}

/** fyl2xp1: y·log2(1 + x) for finite y ≠ 0 and finite x > −1, x ≠ 0. */
export function yLog2XPlus1(yh: number, yl: number, xh: number, xl: number): number {
  const ax = Math.abs(xh);
  if (ax >= SMALL) {
    const mh = ddAdd(1, 0, xh, xl);
    const lh = log2(mh, dd.lo);
    return scaledProduct(yh, yl, lh, dd.lo);
  }
  // ln(1 + x) = 2·atanh(x/(2 + x)); a tiny x is scaled to 2^0 (its s² terms are nil)
  const e = ax < TINY ? exponentOf(xh) : 0;
  const dh = ddAdd(2, 0, xh, xl), dl = dd.lo;
  const sh = ddDiv(scaleBy(xh, -e), scaleBy(xl, -e), dh, dl);
  const ah = e === 0 ? twiceAtanh(sh, dd.lo) : 2 * sh;
  const lh = ddMul(ah, e === 0 ? dd.lo : 2 * dd.lo, LOG2E.hi, LOG2E.lo);
  return scaledProduct(yh, yl, lh, dd.lo, -e);
}
