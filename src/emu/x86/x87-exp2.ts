import { dd, ddAdd, ddMul, ddSum, value } from "./double-double.ts";
import { exponentOf, scaleBy } from "./rounding.ts";
import { LN2 } from "./x87-constants.ts";
import { expm1Series, series } from "./x87-series.ts";

/**
 * f2xm1: 2^x − 1 for |x| ≤ 1 in double-double. With j/128 nearest x and r = x − j/128
 * (|r| ≤ 1/256: 10 terms of the series): 2^x − 1 = E_j + E + E_j·E, where E = e^(r·ln 2) − 1
 * and E_j = 2^(j/128) − 1 from a table. The measured hardware results are the 64-bit
 * rounding of the exact value in 96–97% of cases and within 0.6 ulp otherwise.
 */
const STEPS = 128;
const TABLE = new Float64Array(2 * (2 * STEPS + 1));
for (let j = -STEPS; j <= STEPS; j++) {
  series.zh = ddMul(LN2.hi, LN2.lo, j / STEPS, 0);
  series.zl = dd.lo;
  expm1Series();
  TABLE[2 * (j + STEPS)] = series.vh;
  TABLE[2 * (j + STEPS) + 1] = series.vl;
}

/** Below this 2^x − 1 = x·ln 2 (the rest, x²·ln²2/2, is nil), computed with x scaled up. */
const TINY = 2 ** -400;

/** E for x = xh + xl (set in series.v); returns j. */
function rest(xh: number, xl: number): number {
  const j = Math.round(xh * STEPS);
  // xh − j/128 is exact: both are multiples of ulp(xh) and the difference is under 2^-8
  const rh = ddSum(xh - j / STEPS, xl);
  series.zh = ddMul(rh, dd.lo, LN2.hi, LN2.lo);
  series.zl = dd.lo;
  expm1Series();
  return j;
}

/** f2xm1 for finite x = xh + xl, 0 < |x| ≤ 1, as a function value. */
export function exp2Minus1(xh: number, xl: number): number {
  if (Math.abs(xh) < TINY) {
    const e = exponentOf(xh);
    const h = ddMul(scaleBy(xh, -e), scaleBy(xl, -e), LN2.hi, LN2.lo);
    return value(h, dd.lo, -e);
  }
  const j = rest(xh, xl);
  const eh = series.vh, el = series.vl;
  if (j === 0) return value(eh, el);
  const tjh = TABLE[2 * (j + STEPS)], tjl = TABLE[2 * (j + STEPS) + 1];
  const ph = ddMul(tjh, tjl, eh, el);
  const sh = ddAdd(ph, dd.lo, eh, el);
  const r = ddAdd(sh, dd.lo, tjh, tjl);
  return value(r, dd.lo);
}
