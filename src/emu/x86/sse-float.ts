import {
  exactResult, rounded, roundExact, roundToSingle, twoProduct, twoQuotient, twoSqrt, twoSum,
} from "./rounding.ts";
import type { VectorFile } from "./vector-file.ts";

/**
 * SSE/SSE2 floating point. Results are rounded exactly as hardware rounds, by MXCSR.RC;
 * MXCSR exception flags IE, DE, ZE, OE, UE, PE are set (all exceptions behave as masked).
 * NaN results follow hardware: a NaN destination operand is returned quieted, else a NaN
 * source quieted, else the default "indefinite" NaN. DAZ reads denormal sources as zero;
 * FTZ flushes tiny results to zero.
 */
export const IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
const FTZ = 0x8000, DAZ = 0x40;

/** The part of the core the SSE floating point needs. */
export interface MxcsrHolder {
  mxcsr: number;
  readonly vec: VectorFile;
}

const rcOf = (c: MxcsrHolder): number => (c.mxcsr >> 13) & 3;

/** Exact result of `op` on a, b as hi (returned) + low (exactResult). */
function exact(op: string, a: number, b: number): number {
  switch (op) {
    case "add": return twoSum(a, b);
    case "sub": return twoSum(a, -b);
    case "mul": return twoProduct(a, b);
    case "div": return twoQuotient(a, b);
    default: return twoSqrt(b);
  }
}

/** Rounds an exact value hi + lo to single or double by MXCSR; returns the value and sets flags. */
export function roundFor(c: MxcsrHolder, hi: number, lo: number, double: boolean, scaled = 0): number {
  let r = double ? roundExact(hi, lo, 53, rcOf(c), undefined, scaled) : roundToSingle(hi, lo, rcOf(c), scaled);
  let flags = 0;
  if (rounded.inexact) flags |= PE;
  if (rounded.overflow) flags |= OE | PE;
  if (rounded.underflow && rounded.inexact) flags |= UE;
  if (rounded.underflow && (c.mxcsr & FTZ) !== 0) {
    flags |= UE | PE;
    r = r < 0 || Object.is(r, -0) ? -0 : 0;
  }
  c.mxcsr |= flags;
  return r;
}

const isDenormal = (x: number, double: boolean): boolean =>
  x !== 0 && Math.abs(x) < (double ? 2.2250738585072014e-308 : 1.1754943508222875e-38);

function isSignaling(v: VectorFile, at: number, double: boolean): boolean {
  const hi = v.u32[at / 4 + (double ? 1 : 0)];
  if (double) return ((hi >>> 20) & 0x7ff) === 0x7ff && (hi & 0x80000) === 0 && ((hi & 0x7ffff) !== 0 || v.u32[at / 4] !== 0);
  return ((hi >>> 23) & 0xff) === 0xff && (hi & 0x400000) === 0 && (hi & 0x3fffff) !== 0;
}

/**
 * Applies `op` (add, sub, mul, div, min, max, sqrt) to `count` lanes (4 or 8 bytes wide)
 * at byte offsets d and s; the result replaces the destination lanes.
 */
export function floatLanes(c: MxcsrHolder, op: string, double: boolean, d: number, s: number, count: number): void {
  const v = c.vec;
  const w = double ? 8 : 4;
  for (let i = 0; i < count; i++) {
    const dl = d + i * w, sl = s + i * w;
    const ra = op === "sqrt" ? 0 : double ? v.f64[dl / 8] : v.f32[dl / 4];
    const rb = double ? v.f64[sl / 8] : v.f32[sl / 4];
    const aNaN = ra !== ra, bNaN = rb !== rb;
    // DE is not reported with a NaN operand or an invalid operation (measured)
    const denormal = denormalOperand(c, ra, double) || denormalOperand(c, rb, double);
    const a = source(c, ra, double), b = source(c, rb, double);
    if (op === "min" || op === "max") {
      c.mxcsr |= aNaN || bNaN ? IE : denormal ? DE : 0;
      if (!(op === "min" ? a < b : a > b)) copyLane(v, dl, sl, w);
      continue;
    }
    if (aNaN || bNaN) {
      if ((aNaN && isSignaling(v, dl, double)) || (bNaN && isSignaling(v, sl, double))) c.mxcsr |= IE;
      nanResult(v, dl, sl, w, aNaN, bNaN);
      continue;
    }
    if (op === "div" && b === 0 && a !== 0 && Number.isFinite(a)) c.mxcsr |= ZE;
    const hi = exact(op, a, b);
    if (hi !== hi) {
      c.mxcsr |= IE;
      nanResult(v, dl, sl, w, false, false);
      continue;
    }
    if (denormal) c.mxcsr |= DE;
    let r: number;
    if (hi === 0 && exactResult.low === 0 && (op === "add" || op === "sub")) r = zeroSum(hi, a, op === "sub" ? -b : b, rcOf(c));
    else if (!Number.isFinite(hi) && Number.isFinite(a) && Number.isFinite(b) && !(op === "div" && b === 0)) r = overflow(c, hi, double);
    else r = roundFor(c, hi, exactResult.low, double, exactResult.scale);
    if (double) v.f64[dl / 8] = r; else v.f32[dl / 4] = r;
  }
}

/** A source value as operations see it: a denormal is zero under DAZ. */
function source(c: MxcsrHolder, x: number, double: boolean): number {
  if ((c.mxcsr & DAZ) === 0 || !isDenormal(x, double)) return x;
  return x < 0 ? -0 : 0;
}

/** A denormal source that raises DE (under DAZ it is read as zero instead). */
function denormalOperand(c: MxcsrHolder, x: number, double: boolean): boolean {
  return (c.mxcsr & DAZ) === 0 && isDenormal(x, double);
}

/** An exact zero sum: −0 when rounding down, unless both addends are +0 (IEEE 754 §6.3). */
export function zeroSum(sum: number, a: number, b: number, rc: number): number {
  return rc === 1 && Object.is(sum, 0) && !(Object.is(a, 0) && Object.is(b, 0)) ? -0 : sum;
}

/** A finite operation that overflowed the double range: ±Inf or ±max by the rounding mode. */
function overflow(c: MxcsrHolder, hi: number, double: boolean): number {
  c.mxcsr |= OE | PE;
  const rc = rcOf(c), negative = hi < 0;
  const towardZero = rc === 3 || (rc === 1 && !negative) || (rc === 2 && negative);
  const max = double ? Number.MAX_VALUE : 3.4028234663852886e38;
  return towardZero ? (negative ? -max : max) : hi;
}

function copyLane(v: VectorFile, d: number, s: number, w: number): void {
  v.u32[d / 4] = v.u32[s / 4];
  if (w === 8) v.u32[d / 4 + 1] = v.u32[s / 4 + 1];
}

function nanResult(v: VectorFile, d: number, s: number, w: number, aNaN: boolean, bNaN: boolean): void {
  const quiet = w === 8 ? 0x80000 : 0x400000;
  const hi = w === 8 ? 1 : 0;
  if (aNaN) {
    v.u32[d / 4 + hi] |= quiet;
  } else if (bNaN) {
    copyLane(v, d, s, w);
    v.u32[d / 4 + hi] |= quiet;
  } else {
    v.u32[d / 4] = w === 8 ? 0 : 0xffc00000;
    if (w === 8) v.u32[d / 4 + 1] = 0xfff80000;
  }
}

/** Predicates that signal IE on quiet NaNs too (lt, le, nlt, nle). */
const SIGNALING_PREDICATES = [false, true, true, false, false, true, true, false];

/** cmpps/cmppd/cmpss/cmpsd predicates 0..7. */
export function compareLanes(c: MxcsrHolder, double: boolean, d: number, s: number, count: number, predicate: number): void {
  const v = c.vec;
  const w = double ? 8 : 4;
  for (let i = 0; i < count; i++) {
    const dl = d + i * w, sl = s + i * w;
    const ra = double ? v.f64[dl / 8] : v.f32[dl / 4];
    const rb = double ? v.f64[sl / 8] : v.f32[sl / 4];
    const a = source(c, ra, double), b = source(c, rb, double);
    const unordered = a !== a || b !== b;
    if (unordered && (SIGNALING_PREDICATES[predicate] || isSignaling(v, dl, double) || isSignaling(v, sl, double))) c.mxcsr |= IE;
    if (!unordered && (denormalOperand(c, ra, double) || denormalOperand(c, rb, double))) c.mxcsr |= DE;
    let t: boolean;
    switch (predicate) {
      case 0: t = a === b; break;
      case 1: t = a < b; break;
      case 2: t = a <= b; break;
      case 3: t = unordered; break;
      case 4: t = !(a === b); break;
      case 5: t = !(a < b); break;
      case 6: t = !(a <= b); break;
      default: t = !unordered; break;
    }
    const mask = t ? -1 : 0;
    v.i32[dl / 4] = mask;
    if (double) v.i32[dl / 4 + 1] = mask;
  }
}

/** comiss/comisd (signal on any NaN) and ucomiss/ucomisd: ZF, PF, CF as EFLAGS bits. */
export function compareFlags(c: MxcsrHolder, double: boolean, d: number, s: number, signalQuiet: boolean): number {
  const v = c.vec;
  const ra = double ? v.f64[d / 8] : v.f32[d / 4];
  const rb = double ? v.f64[s / 8] : v.f32[s / 4];
  const a = source(c, ra, double), b = source(c, rb, double);
  if (a !== a || b !== b) {
    if (signalQuiet || isSignaling(v, d, double) || isSignaling(v, s, double)) c.mxcsr |= IE;
    return 0x45;
  }
  if (denormalOperand(c, ra, double) || denormalOperand(c, rb, double)) c.mxcsr |= DE;
  if (a > b) return 0;
  if (a < b) return 1;
  return 0x40;
}

/** Rounds to an integer by rounding control (0 nearest-even, 1 down, 2 up, 3 toward 0). */
function roundByControl(x: number, rc: number): number {
  switch (rc) {
    case 1: return Math.floor(x);
    case 2: return Math.ceil(x);
    case 3: return Math.trunc(x);
    default: {
      const r = Math.round(x);
      return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
  }
}

/**
 * Float → int32 as cvt(t)s[sd]2si: out of range or NaN gives the integer indefinite (IE); a
 * denormal is zero under DAZ (and never raises DE).
 */
export function toInt32(c: MxcsrHolder, value: number, truncate: boolean, double: boolean): number {
  const x = source(c, value, double);
  const r = roundByControl(x, truncate ? 3 : rcOf(c));
  if (r >= -2147483648 && r <= 2147483647) {
    if (r !== x) c.mxcsr |= PE;
    return r | 0;
  }
  c.mxcsr |= IE;
  return -2147483648;
}

/** Writes a value converted between single and double; NaNs keep sign and payload, quieted. */
export function storeConverted(v: VectorFile, to: number, double: boolean, value: number, sourceBits: number, sourceHi: number): void {
  if (value === value) {
    if (double) v.f64[to / 8] = value; else v.f32[to / 4] = value;
    return;
  }
  if (double) {
    const sign = sourceBits & 0x80000000;
    const payload = sourceBits & 0x3fffff;
    v.u32[to / 4] = (payload & 7) << 29;
    v.u32[to / 4 + 1] = (sign | 0x7ff80000 | (payload >>> 3)) >>> 0;
  } else {
    const sign = sourceHi & 0x80000000;
    const payload = ((sourceHi & 0x7ffff) << 3) | (sourceBits >>> 29);
    v.u32[to / 4] = (sign | 0x7fc00000 | payload) >>> 0;
  }
}
