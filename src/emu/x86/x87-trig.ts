import { dd, ddAdd, ddDiv, ddMul, ddSum, value } from "./double-double.ts";
import { exactRegister } from "./exact-register.ts";
import { cosSeries, sinSeries } from "./x87-series.ts";

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
 * Below this the results are x (sin, tan) or 1 (cos) and the next 64-bit number toward
 * zero: the rest (x³/6, x²/2) is under an ulp. fptan rounds so too although tan x > x
 * (measured: from |x| < 2^-34 on, fptan under RC up returns x and under RC down the number
 * below, as fsin does; at 2^-34 and above it rounds tan x correctly).
 */
const TINY = 2 ** -34;

const STEPS = 52;
const SIN_TABLE = new Float64Array(2 * STEPS), COS_TABLE = new Float64Array(2 * STEPS);
for (let j = 0; j < STEPS; j++) {
  SIN_TABLE[2 * j] = sinSeries(j / 64, 0);
  SIN_TABLE[2 * j + 1] = dd.lo;
  COS_TABLE[2 * j] = cosSeries(j / 64, 0);
  COS_TABLE[2 * j + 1] = dd.lo;
}

/** The reduced argument of the last `reduce` and k mod 4; sin and cos of x by `sinCosReduced`. */
const trig = { rHi: 0, rLo: 0, quadrant: 0, sinHi: 0, sinLo: 0, cosHi: 0, cosLo: 0 };

/** |x| − k·P for x = xh + xl ≥ 0, |r| ≤ P/2. */
function reduce(xh: number, xl: number): void {
  if (xh >= FAST_LIMIT) {
    reduceExactly(xh, xl);
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
  trig.rHi = h;
  trig.rLo = l;
  trig.quadrant = k & 3;
}

/** reduce for large x: x·2^67 and P·2^67 are integers, so k and the remainder are exact. */
function reduceExactly(xh: number, xl: number): void {
  const { value: v, fractionBits } = exactRegister(xh, xl);
  // a 64-bit significand at or above 2^19 has no bits below 2^-44
  const shift = 67 - fractionBits;
  const n = shift >= 0 ? v << BigInt(shift) : v >> BigInt(-shift);
  const k = (2n * n + P_BITS) / (2n * P_BITS);
  const rem = n - k * P_BITS;
  const h = Number(rem);
  trig.rHi = h * 2 ** -67;
  trig.rLo = Number(rem - BigInt(h)) * 2 ** -67;
  trig.quadrant = Number(k & 3n);
}

/** sin and cos of the last reduced argument, then of x by the quadrant. */
function sinCosReduced(): void {
  const negative = trig.rHi < 0;
  const ah = negative ? -trig.rHi : trig.rHi, al = negative ? -trig.rLo : trig.rLo;
  const j = Math.round(ah * 64);
  const uh = ddSum(ah - j / 64, al), ul = dd.lo;
  let s = sinSeries(uh, ul), sl = dd.lo;
  let c = cosSeries(uh, ul), cl = dd.lo;
  if (j !== 0) {
    const tsh = SIN_TABLE[2 * j], tsl = SIN_TABLE[2 * j + 1], tch = COS_TABLE[2 * j], tcl = COS_TABLE[2 * j + 1];
    const a = ddMul(tsh, tsl, c, cl), al2 = dd.lo;
    const b = ddMul(tch, tcl, s, sl), bl = dd.lo;
    const d = ddMul(tch, tcl, c, cl), dl = dd.lo;
    const e = ddMul(tsh, tsl, s, sl), el = dd.lo;
    s = ddAdd(a, al2, b, bl);
    sl = dd.lo;
    c = ddAdd(d, dl, -e, -el);
    cl = dd.lo;
  }
  if (negative) {
    s = -s;
    sl = -sl;
  }
  // sin(r + q·π/2), cos(r + q·π/2)
  switch (trig.quadrant) {
    case 0: trig.sinHi = s; trig.sinLo = sl; trig.cosHi = c; trig.cosLo = cl; break;
    case 1: trig.sinHi = c; trig.sinLo = cl; trig.cosHi = -s; trig.cosLo = -sl; break;
    case 2: trig.sinHi = -s; trig.sinLo = -sl; trig.cosHi = -c; trig.cosLo = -cl; break;
    default: trig.sinHi = -c; trig.sinLo = -cl; trig.cosHi = s; trig.cosLo = sl; break;
  }
}

/** sin and cos of |x| (x = xh + xl ≥ TINY). */
function sinCos(xh: number, xl: number): void {
  reduce(xh, xl);
  sinCosReduced();
}

/** fsin: sin x, as a function value (double-double.ts). */
export function sine(xh: number, xl: number): number {
  const ax = Math.abs(xh);
  if (ax < TINY) return value(xh, xl, 0, -Math.sign(xh));
  sinCos(ax, xh < 0 ? -xl : xl);
  return xh < 0 ? value(-trig.sinHi, -trig.sinLo) : value(trig.sinHi, trig.sinLo);
}

/** fcos: cos x. */
export function cosine(xh: number, xl: number): number {
  const ax = Math.abs(xh);
  if (ax < TINY) return value(1, 0, 0, -1);
  sinCos(ax, xh < 0 ? -xl : xl);
  return value(trig.cosHi, trig.cosLo);
}

/** fptan: tan x. */
export function tangent(xh: number, xl: number): number {
  const ax = Math.abs(xh);
  if (ax < TINY) return value(xh, xl, 0, -Math.sign(xh));
  sinCos(ax, xh < 0 ? -xl : xl);
  const t = ddDiv(trig.sinHi, trig.sinLo, trig.cosHi, trig.cosLo);
  return xh < 0 ? value(-t, -dd.lo) : value(t, dd.lo);
}
