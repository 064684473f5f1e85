import { dd, ddAdd, ddDiv, ddMul, ddSum, value } from "./double-double.ts";
import { exactRegister } from "./exact-register.ts";
import { cosSeries, series, sinSeries } from "./x87-series.ts";

/**
 * sin, cos and tan as fsin, fcos, fsincos and fptan compute them, for |x| < 2^63.
 *
 * The hardware reduces its argument by multiples of its own π/2: P = 0xc90fdaa22168c234c·2^-67,
 * π/2 truncated to 66 significant bits (Intel documents this; measured on this machine's AMD
 * EPYC: for 1,500 random arguments between 2^-2 and 2^25, 1,479 results are exactly the
 * 64-bit rounding of sin(x − k·P) at the right quadrant, k = x/P rounded to nearest, and the
 * other 21 lie within an ulp of it, while reduction by π itself, or by P to 64 or 70+ bits,
 * explains fewer than 360). Here the reduction is exact, and sin and cos of the reduced
 * argument r are evaluated in double-double from a table at j/64 near r:
 * sin(c + u) = sin c·cos u + cos c·sin u, |u| ≤ 1/128.
 */
const P_BITS = 0xc90fdaa22168c234cn;
/** P in two 33-bit halves: k·P_HIGH and k·P_LOW are exact doubles for k < 2^20. */
const P_HIGH = Number(P_BITS >> 35n) * 2 ** -32;
const P_LOW = Number(P_BITS & (2n ** 35n - 1n)) * 2 ** -67;
/** Below this the reduction is done in doubles (k < 2^19); above it with BigInt. */
const FAST_LIMIT = 2 ** 19;
/** P/2, the bound of the reduced argument, as a double-double. */
const HALF_P_HI = ddSum(P_HIGH / 2, P_LOW / 2), HALF_P_LO = dd.lo;
/**
 * Below this sin x lies between x and the next 64-bit number toward zero, cos x between 1
 * and the number below it (x³/6 and x²/2 are under an ulp), so they are rounded from x and
 * 1 and the sign of the rest. fptan rounds so too although tan x > |x| (measured: below
 * 2^-34, fptan under RC up returns x and under RC down the number below, as fsin does; from
 * 2^-34 up it rounds tan x correctly).
 */
const TINY = 2 ** -34;

const STEPS = 52;
const SIN_TABLE = new Float64Array(2 * STEPS), COS_TABLE = new Float64Array(2 * STEPS);
for (let j = 0; j < STEPS; j++) {
  series.zh = j / 64;
  series.zl = 0;
  sinSeries();
  SIN_TABLE[2 * j] = series.vh;
  SIN_TABLE[2 * j + 1] = series.vl;
  cosSeries();
  COS_TABLE[2 * j] = series.vh;
  COS_TABLE[2 * j + 1] = series.vl;
}

/**
 * The steps' values (double-double.ts says why fields): x = |argument|, r = x − k·P and
 * k mod 4, then s = sin and c = cos of r, and of x once the quadrant is applied.
 */
const trig = { xh: 0, xl: 0, rh: 0, rl: 0, quadrant: 0, sh: 0, sl: 0, ch: 0, cl: 0 };

/** r and the quadrant of x. */
function reduce(): void {
  const xh = trig.xh, xl = trig.xl;
  if (xh >= FAST_LIMIT) {
    reduceExactly();
    return;
  }
  // k from the double quotient may be one off next to an odd multiple of P/2: fixed below.
  // xh − k·P_HIGH is exact (Sterbenz: xh ≥ k·P_HIGH/2 for k ≥ 1).
  let k = Math.round(xh * (2 / Math.PI));
  let h = ddAdd(xh - k * P_HIGH, 0, xl, 0);
  h = ddAdd(h, dd.lo, -k * P_LOW, 0);
  let l = dd.lo;
  if (h > HALF_P_HI || (h === HALF_P_HI && l > HALF_P_LO)) {
    k++;
    h = ddAdd(h, l, -P_HIGH, -P_LOW);
    l = dd.lo;
  } else if (h < -HALF_P_HI || (h === -HALF_P_HI && l < -HALF_P_LO)) {
    k--;
    h = ddAdd(h, l, P_HIGH, P_LOW);
    l = dd.lo;
  }
  trig.rh = h;
  trig.rl = l;
  trig.quadrant = k & 3;
}

/** reduce for large x: x·2^67 and P·2^67 are integers, so k and the remainder are exact. */
function reduceExactly(): void {
  const { value: v, fractionBits } = exactRegister(trig.xh, trig.xl);
  // a 64-bit significand at or above 2^19 has no bits below 2^-44
  const shift = 67 - fractionBits;
  const n = shift >= 0 ? v << BigInt(shift) : v >> BigInt(-shift);
  const k = (2n * n + P_BITS) / (2n * P_BITS);
  const rem = n - k * P_BITS;
  const h = Number(rem);
  trig.rh = h * 2 ** -67;
  trig.rl = Number(rem - BigInt(h)) * 2 ** -67;
  trig.quadrant = Number(k & 3n);
}

/** s, c = sin and cos of |r| = j/64 + u from the series of u. */
function seriesOfRest(): number {
  const ah = Math.abs(trig.rh), al = trig.rh < 0 ? -trig.rl : trig.rl;
  const j = Math.round(ah * 64);
  series.zh = ddSum(ah - j / 64, al);
  series.zl = dd.lo;
  sinSeries();
  trig.sh = series.vh;
  trig.sl = series.vl;
  cosSeries();
  trig.ch = series.vh;
  trig.cl = series.vl;
  return j;
}

/** s, c = sin and cos of j/64 + u: sin(a + b) = sin a·cos b + cos a·sin b, and so on. */
function addTableAngle(j: number): void {
  const tsh = SIN_TABLE[2 * j], tsl = SIN_TABLE[2 * j + 1], tch = COS_TABLE[2 * j], tcl = COS_TABLE[2 * j + 1];
  const s = trig.sh, sl = trig.sl, c = trig.ch, cl = trig.cl;
  const a = ddMul(tsh, tsl, c, cl), al = dd.lo;
  const b = ddMul(tch, tcl, s, sl);
  trig.sh = ddAdd(a, al, b, dd.lo);
  trig.sl = dd.lo;
  const d = ddMul(tch, tcl, c, cl), dl = dd.lo;
  const e = ddMul(tsh, tsl, s, sl);
  trig.ch = ddAdd(d, dl, -e, -dd.lo);
  trig.cl = dd.lo;
}

/** s, c = sin and cos of x = r + quadrant·π/2. */
function sinCos(): void {
  reduce();
  const j = seriesOfRest();
  if (j !== 0) addTableAngle(j);
  let s = trig.sh, sl = trig.sl;
  const c = trig.ch, cl = trig.cl;
  if (trig.rh < 0) {
    s = -s;
    sl = -sl;
  }
  switch (trig.quadrant) {
    case 0: trig.sh = s; trig.sl = sl; trig.ch = c; trig.cl = cl; break;
    case 1: trig.sh = c; trig.sl = cl; trig.ch = -s; trig.cl = -sl; break;
    case 2: trig.sh = -s; trig.sl = -sl; trig.ch = -c; trig.cl = -cl; break;
    default: trig.sh = -c; trig.sl = -cl; trig.ch = s; trig.cl = sl; break;
  }
}

/** Sets x = |xh + xl| and computes s and c; false when x is below TINY (nothing computed). */
function sinCosOf(xh: number, xl: number): boolean {
  trig.xh = Math.abs(xh);
  trig.xl = xh < 0 ? -xl : xl;
  if (trig.xh < TINY) return false;
  sinCos();
  return true;
}

/** fsin: sin x, as a function value (double-double.ts). */
export function sine(xh: number, xl: number): number {
  if (!sinCosOf(xh, xl)) return value(xh, xl, 0, -Math.sign(xh));
  return xh < 0 ? value(-trig.sh, -trig.sl) : value(trig.sh, trig.sl);
}

/** fcos: cos x. */
export function cosine(xh: number, xl: number): number {
  if (!sinCosOf(xh, xl)) return value(1, 0, 0, -1);
  return value(trig.ch, trig.cl);
}

/** fptan: tan x. */
export function tangent(xh: number, xl: number): number {
  if (!sinCosOf(xh, xl)) return value(xh, xl, 0, -Math.sign(xh));
  const t = ddDiv(trig.sh, trig.sl, trig.ch, trig.cl);
  return xh < 0 ? value(-t, -dd.lo) : value(t, dd.lo);
}
