import { dd, ddAdd, ddDiv, ddMul } from "./double-double.ts";
import { roundExact, rounded } from "./rounding.ts";
import { atanSeries, lnRatio, series } from "./x87-series.ts";

/**
 * Mathematical constants as double-doubles (about 106 bits), computed once at load from
 * their series, and the x87's load-constant instructions.
 */
export interface DoubleDouble {
  readonly hi: number;
  readonly lo: number;
}

const pair = (hi: number): DoubleDouble => ({ hi, lo: dd.lo });

function atanOfReciprocal(n: number): DoubleDouble {
  series.zh = ddDiv(1, 0, n, 0);
  series.zl = dd.lo;
  atanSeries(false);
  return { hi: series.vh, lo: series.vl };
}

/** Machin: π = 16·atan(1/5) − 4·atan(1/239). */
const a5 = atanOfReciprocal(5), a239 = atanOfReciprocal(239);
export const PI = pair(ddAdd(16 * a5.hi, 16 * a5.lo, -4 * a239.hi, -4 * a239.lo));
export const LN2 = pair(lnRatio(2, 1));
/** ln 10 = 3·ln 2 + ln(10/8). */
const ln54 = pair(lnRatio(5, 4));
const LN10 = pair(ddAdd(ddMul(LN2.hi, LN2.lo, 3, 0), dd.lo, ln54.hi, ln54.lo));
export const LOG2E = pair(ddDiv(1, 0, LN2.hi, LN2.lo));
const LOG2_10 = pair(ddDiv(LN10.hi, LN10.lo, LN2.hi, LN2.lo));
const LOG10_2 = pair(ddDiv(LN2.hi, LN2.lo, LN10.hi, LN10.lo));

/**
 * fldl2t, fldl2e, fldpi, fldlg2, fldln2 (d9 e9..ed) push the constant rounded to 64 bits
 * by the rounding control (measured: fldpi gives …c235 to nearest and up, …c234 down and
 * toward zero; fldl2e …f0bc and …f0bb), whatever the precision control. Indexed by
 * 8·(code − 0xe9) + 2·RC: the register's hi and lo.
 */
export const LOAD_CONSTANTS = Float64Array.from(
  [LOG2_10, LOG2E, PI, LOG10_2, LN2].flatMap((c) => [0, 1, 2, 3].flatMap((rc) => {
    const hi = roundExact(c.hi, c.lo, 64, rc, 0);
    return [hi, rounded.low];
  })),
);
