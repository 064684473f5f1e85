import { dd, ddAdd, ddDiv, ddMul, ddSum, value } from "./double-double.ts";
import { exponentOf, scaleBy } from "./rounding.ts";
import { LOG2E } from "./x87-constants.ts";
import { atanSeries, lnRatio, series } from "./x87-series.ts";

/**
 * fyl2x (y·log2 x) and fyl2xp1 (y·log2(1 + x)) in double-double. With x = 2^e·m,
 * m ∈ [√½, √2]: ln m = ln c + 2·atanh((m − c)/(m + c)) for the c = j/64 nearest to m
 * (so |s| < 2^-7.5: 5 terms), ln c from a table. The measured hardware results are the
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

/** The steps' values (double-double.ts says why fields): the logarithm l. */
const log = { lh: 0, ll: 0 };

/** l = 2·atanh(s) = ln((1 + s)/(1 − s)) for s = u/(2c + u). */
function twiceAtanh(uh: number, ul: number, c: number): void {
  const dh = ddAdd(2 * c, 0, uh, ul);
  series.zh = ddDiv(uh, ul, dh, dd.lo);
  series.zl = dd.lo;
  atanSeries(true);
  log.lh = 2 * series.vh;
  log.ll = 2 * series.vl;
}

/** l = log2 x for x = xh + xl > 0 finite. */
function log2(xh: number, xl: number): void {
  let e = exponentOf(xh);
  let mh = scaleBy(xh, -e), ml = scaleBy(xl, -e);
  if (mh > Math.SQRT2) {
    mh /= 2;
    ml /= 2;
    e++;
  }
  // ln m = ln c + ln(m/c); mh − c is exact (Sterbenz)
  const j = Math.round(mh * 64), c = j / 64;
  twiceAtanh(ddSum(mh - c, ml), dd.lo, c);
  if (j !== 64) {
    log.lh = ddAdd(log.lh, log.ll, LN_TABLE[2 * (j - FIRST)], LN_TABLE[2 * (j - FIRST) + 1]);
    log.ll = dd.lo;
  }
  const th = ddMul(log.lh, log.ll, LOG2E.hi, LOG2E.lo);
  log.lh = ddAdd(e, 0, th, dd.lo);
  log.ll = dd.lo;
}

/** (yh + yl)·l as a function value, y's exponent moved to the scale. */
function timesY(yh: number, yl: number, scaled: number): number {
  const e = exponentOf(yh);
  const h = ddMul(scaleBy(yh, -e), scaleBy(yl, -e), log.lh, log.ll);
  return value(h, dd.lo, scaled - e);
}

/** fyl2x: y·log2 x for finite y ≠ 0 and finite x > 0. */
export function yLog2X(yh: number, yl: number, xh: number, xl: number): number {
  log2(xh, xl);
  return timesY(yh, yl, 0);
}

/** fyl2xp1: y·log2(1 + x) for finite y ≠ 0 and finite x > −1, x ≠ 0. */
export function yLog2XPlus1(yh: number, yl: number, xh: number, xl: number): number {
  const ax = Math.abs(xh);
  if (ax >= SMALL) {
    const mh = ddAdd(1, 0, xh, xl);
    log2(mh, dd.lo);
    return timesY(yh, yl, 0);
  }
  // ln(1 + x) = 2·atanh(x/(2 + x)); a tiny x is scaled to 2^0 (its s² terms are nil)
  const e = ax < TINY ? exponentOf(xh) : 0;
  if (e === 0) twiceAtanh(xh, xl, 1);
  else {
    const dh = ddAdd(2, 0, xh, xl);
    log.lh = 2 * ddDiv(scaleBy(xh, -e), scaleBy(xl, -e), dh, dd.lo);
    log.ll = 2 * dd.lo;
  }
  log.lh = ddMul(log.lh, log.ll, LOG2E.hi, LOG2E.lo);
  log.ll = dd.lo;
  return timesY(yh, yl, -e);
}
