import { dd, ddProduct } from "./double-double.ts";

/**
 * Correct rounding of exact results to 24, 53 or 64 significant bits with the four IEEE
 * rounding modes, from JS doubles. An operation's exact result is obtained as an
 * unevaluated sum hi + lo (hi = the double nearest to it) with error-free transformations
 * (TwoSum, Dekker's TwoProduct, remainders for division and square root). `roundExact`
 * then rounds hi + lo to the wanted precision and reports whether that was inexact and
 * whether the magnitude was rounded up (x87 C1). A 64-bit result is returned as the double
 * nearest to it (what reading the 80-bit register as a double gives).
 */

export const RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * Outcome of the last roundExact call (underflow: the exact result is tiny, before
 * rounding; low: the rounded value minus the returned double, non-zero only for 64-bit
 * results that a double cannot hold).
 */
export const rounded = { inexact: false, up: false, overflow: false, underflow: false, low: 0 };

/**
 * The last exact operation's second part `low` (the first part is its return value) and
 * binary `scale`: its exact value is (hi + low)·2^−scale (tiny products and quotients are
 * computed scaled up, where the error terms are exact). Object fields rather than module
 * variables, which V8 boxes on every store of a double.
 */
export const exactResult = { low: 0, scale: 0 };
const TINY = 2 ** -960, HUGE = 2 ** 960, SCALE = 200;

/** 2^k for k in [−1074, 1023], at index k + 1074. */
const POWERS = Float64Array.from({ length: 2098 }, (_, i) => 2 ** (i - 1074));

/** x·2^k, in two steps when 2^k itself is not a double. */
export function scaleBy(x: number, k: number): number {
  if (k === 0) return x;
  if (k >= -1074 && k <= 1023) {
    const r = x * POWERS[k + 1074];
    if (r !== 0 && Number.isFinite(r) && Math.abs(r) >= 2.2250738585072014e-308) return r;
  }
  const half = Math.trunc(k / 2);
  return x * POWERS[Math.max(-1074, Math.min(1023, half)) + 1074] * POWERS[Math.max(-1074, Math.min(1023, k - half)) + 1074];
}

export function twoSum(a: number, b: number): number {
  exactResult.scale = 0;
  const s = a + b;
  if (!Number.isFinite(s)) { exactResult.low = 0; return s; }
  const bb = s - a;
  exactResult.low = (a - (s - bb)) + (b - bb);
  return s;
}

/** Largest operand magnitude Dekker's split handles without overflow. */
const BIG = 2 ** 995;

export function twoProduct(a: number, b: number): number {
  let p = a * b;
  exactResult.scale = 0;
  if (!Number.isFinite(p) || a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) { exactResult.low = 0; return p; }
  if (Math.abs(a) > BIG) { a *= 2 ** -SCALE; exactResult.scale -= SCALE; }
  if (Math.abs(b) > BIG) { b *= 2 ** -SCALE; exactResult.scale -= SCALE; }
  p = a * b;
  while (Math.abs(p) < TINY) {
    if (Math.abs(a) < Math.abs(b)) a *= 2 ** SCALE; else b *= 2 ** SCALE;
    exactResult.scale += SCALE;
    p = a * b;
  }
  return exactProduct(a, b);
}

/** TwoProduct of operands within ±BIG whose product is a normal number. */
export function exactProduct(a: number, b: number): number {
  const p = ddProduct(a, b);
  exactResult.low = dd.lo;
  return p;
}

/** a / b as hi + lo (lo = remainder / b, accurate to a double). */
export function twoQuotient(a: number, b: number): number {
  let q = a / b;
  exactResult.scale = 0;
  if (!Number.isFinite(q) || a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) { exactResult.low = 0; return q; }
  if (Math.abs(b) > BIG) { b *= 2 ** -SCALE; exactResult.scale += SCALE; }
  if (Math.abs(a) > HUGE) { a *= 2 ** -SCALE; exactResult.scale -= SCALE; }
  q = a / b;
  while (Math.abs(q) < TINY || Math.abs(a) < TINY) {
    a *= 2 ** SCALE;
    exactResult.scale += SCALE;
    q = a / b;
  }
  if (Math.abs(q) > HUGE) { a *= 2 ** -SCALE; exactResult.scale -= SCALE; q = a / b; }
  const p = exactProduct(q, b);
  const e = exactResult.low;
  exactResult.low = ((a - p) - e) / b;
  return q;
}

export function twoSqrt(a: number): number {
  exactResult.scale = 0;
  if (a > HUGE) {
    a *= 2 ** -SCALE;
    exactResult.scale = -SCALE / 2;
  } else if (a > 0 && a < TINY) {
    a *= 2 ** (2 * SCALE);
    exactResult.scale = SCALE;
  }
  const s = Math.sqrt(a);
  if (!Number.isFinite(s) || s === 0) { exactResult.low = 0; return s; }
  const p = exactProduct(s, s);
  const e = exactResult.low;
  exactResult.low = ((a - p) - e) / (2 * s);
  return s;
}

/** Unbiased binary exponent of a finite non-zero double. */
export function exponentOf(x: number): number {
  f64[0] = x;
  const e = (u32[1] >>> 20) & 0x7ff;
  return e !== 0 ? e - 1023 : exponentOf(x * 2 ** 64) - 64;
}

function isPowerOfTwo(x: number): boolean {
  f64[0] = x;
  return (u32[1] & 0xfffff) === 0 && u32[0] === 0 && ((u32[1] >>> 20) & 0x7ff) !== 0;
}

export const DOUBLE_MIN_ULP = 2 ** -1074, SINGLE_MIN_ULP = 2 ** -149;

/**
 * Rounds hi + lo (|lo| ≤ ulp(hi)/2) to `bits` significant bits with rounding mode `rc`;
 * `minUlp` is the spacing of the smallest (subnormal) values, 0 for no limit (the x87's
 * extended exponent range, far beyond doubles).
 * Results beyond the double range are ±Infinity or ±max (directed modes), as a store of
 * that value as a double would give.
 */
export function roundExact(hi: number, lo: number, bits: number, rc: number, minUlp = DOUBLE_MIN_ULP, scaled = 0, tail = 0): number {
  rounded.inexact = false;
  rounded.up = false;
  rounded.overflow = false;
  rounded.underflow = false;
  rounded.low = 0;
  if (bits === 64 && rc === RC_NEAREST && minUlp === 0 && scaled === 0) {
    f64[0] = hi;
    const field = (u32[1] >>> 20) & 0x7ff;
    if (field > 1023 - 900 && field < 1023 + 900) return nearest64(hi, lo, field, tail);
  }
  if (hi !== hi || !Number.isFinite(hi)) return hi;
  if (hi === 0 && lo === 0) return hi;
  const negative = hi < 0 || (hi === 0 && lo < 0);
  // k: binary exponent of one unit in the last place of the result.
  let k = exponentOf(hi !== 0 ? hi : lo) - (bits - 1);
  // just below a power of two the last place is one binade finer
  const rest = lo !== 0 ? lo : tail;
  if (rest !== 0 && (rest < 0) !== (hi < 0) && isPowerOfTwo(hi)) k -= 1;
  if (minUlp !== 0) k = Math.max(k, Math.log2(minUlp) + scaled);
  const minNormal = minUlp === 0 ? 0
    : scaleBy(minUlp === SINGLE_MIN_ULP ? 1.1754943508222875e-38 : 2.2250738585072014e-308, scaled);
  rounded.underflow = Math.abs(hi) < minNormal || (Math.abs(hi) === minNormal && lo !== 0 && (lo < 0) !== negative);
  const H = scaleBy(hi, -k), L = scaleBy(lo, -k);
  // a lo far below hi's last bit can vanish in the scaling: it still decides the rounding
  if (L === 0 && lo !== 0 && tail === 0) tail = lo;
  if (bits === 53 && rc === RC_NEAREST && Number.isInteger(H) && Math.abs(L) <= 0.5 && (Math.abs(L) < 0.5 || tail === 0)) {
    // hi is the correctly rounded double already; for quotients and roots lo is only
    // approximate, so it must not re-decide a near-tie.
    rounded.inexact = rest !== 0;
    rounded.up = rest !== 0 && (rest < 0) !== negative;
    return scaleBy(hi, -scaled);
  }
  // The result is base + d units of 2^k: base a (possibly > 2^53) integer, d small.
  let base: number, d = 0, frac: number;
  if (Number.isInteger(H)) {
    base = H;
    d = Math.floor(L);
    frac = L - d;
  } else {
    base = Math.floor(H);
    frac = H - base;
    if (frac === 0.5 && L !== 0) frac += L > 0 ? 1e-9 : -1e-9;
  }
  if (tail !== 0 && (frac === 0 || frac === 0.5)) {
    if (frac === 0 && tail < 0) { d -= 1; frac = 1 - 1e-9; } else frac += tail > 0 ? 1e-9 : -1e-9;
  }
  if (frac === 0) return finish(base, d, k - scaled);
  rounded.inexact = true;
  let inc: number;
  switch (rc) {
    case RC_DOWN: inc = 0; break;
    case RC_UP: inc = 1; break;
    case RC_ZERO: inc = negative ? 1 : 0; break;
    default: inc = frac > 0.5 || (frac === 0.5 && Math.abs(base % 2) !== Math.abs(d % 2)) ? 1 : 0; break;
  }
  rounded.up = (inc === 1) !== negative;
  const result = finish(base, d + inc, k - scaled);
  if (!Number.isFinite(result)) {
    rounded.overflow = true;
    rounded.low = 0;
    const towardZero = rc === RC_ZERO || (rc === RC_DOWN && !negative) || (rc === RC_UP && negative);
    return towardZero ? (negative ? -Number.MAX_VALUE : Number.MAX_VALUE) : result;
  }
  return result === 0 && negative ? -0 : result;
}

/**
 * roundExact's most common case (x87 results at 64 bits to nearest, no scale, hi well inside
 * the double range, with its biased exponent `field`) without the general machinery: hi
 * has 53 bits, so it is on the grid of 64-bit units already and only lo is rounded to that
 * grid (the tail deciding ties and exactness).
 */
function nearest64(hi: number, lo: number, field: number, tail: number): number {
  let unit = POWERS[field - 1023 - 63 + 1074];
  // just below a power of two the last place is one binade finer
  const rest = lo !== 0 ? lo : tail;
  if (rest !== 0 && (rest < 0) !== (hi < 0) && (u32[1] & 0xfffff) === 0 && u32[0] === 0) unit /= 2;
  const n = lo / unit;
  let r = Math.round(n);
  // Math.round takes ties up: the tail decides, else an even r (hi is an even number of units)
  if (r - n === 0.5) r = tail !== 0 ? (tail > 0 ? r : r - 1) : r - (r & 1);
  const lr = r * unit;
  const above = lr !== lo ? lr > lo : tail < 0;
  rounded.inexact = lr !== lo || tail !== 0;
  rounded.up = rounded.inexact && above !== (hi < 0);
  const h = hi + lr;
  rounded.low = (hi - h) + lr;
  return h;
}

/** (base + d)·2^e as the nearest double, the exact remainder going to rounded.low. */
function finish(base: number, d: number, e: number): number {
  const whole = base + d;
  rounded.low = scaleBy((base - whole) + d, e);
  return scaleBy(whole, e);
}

/** Float32 rounding of hi + lo with mode `rc`; sets `rounded` like roundExact. */
export function roundToSingle(hi: number, lo: number, rc: number, scaled = 0): number {
  const v = roundExact(hi, lo, 24, rc, SINGLE_MIN_ULP, scaled);
  if (v !== v || v === 0 || !Number.isFinite(v)) return v;
  const f = Math.fround(v);
  if (f !== v) {
    rounded.overflow = true;
    const negative = v < 0;
    const towardZero = rc === RC_ZERO || (rc === RC_DOWN && !negative) || (rc === RC_UP && negative);
    return towardZero ? (negative ? -3.4028234663852886e38 : 3.4028234663852886e38) : f;
  }
  return f;
}
