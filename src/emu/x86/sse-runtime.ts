import { writeFloat80 } from "./float80.ts";
import type { Mmu } from "./mmu.ts";
import { compareFlags, compareLanes, DE, floatLanes, IE, roundFor, storeConverted, toInt32 } from "./sse-float.ts";
import { byteShift, packedOps, pmovmskb, shiftCount, shiftLanes, shuffle } from "./sse-int.ts";
import type { VectorFile } from "./vector-file.ts";
import type { X86Core } from "./cpu.ts";

/** Every MMX instruction makes TOP 0 and all x87 tags valid (Intel SDM 9.5.1). */
function mmxEnter(c: X86Core): void {
  c.fpu.top = 0;
  c.fpu.empty = 0;
}

const scratch80 = new Uint8Array(10);

/** Copies MMi (physical register i) to byte offset `at`. */
function mmxGet(c: X86Core, i: number, at: number): void {
  const f = c.fpu, v = c.vec;
  if ((f.mmxMask >> i) & 1) {
    v.i32[at / 4] = f.mmx[2 * i];
    v.i32[at / 4 + 1] = f.mmx[2 * i + 1];
  } else {
    writeFloat80(f.regs[i], scratch80, 0, f.lows[i]);
    v.u8.set(scratch80.subarray(0, 8), at);
  }
}

function mmxSet(c: X86Core, i: number, at: number): void {
  const f = c.fpu, v = c.vec;
  f.mmx[2 * i] = v.i32[at / 4];
  f.mmx[2 * i + 1] = v.i32[at / 4 + 1];
  f.mmxMask |= 1 << i;
  f.regs[i] = NaN;
  f.lows[i] = 0;
  f.empty &= ~(1 << i);
}

function emms(c: X86Core): void {
  c.fpu.empty = 0xff;
}

function shufps(v: VectorFile, d: number, s: number, double: boolean, imm: number): void {
  if (double) {
    const lo = v.u8.slice(d + (imm & 1) * 8, d + (imm & 1) * 8 + 8);
    const hi = v.u8.slice(s + ((imm >> 1) & 1) * 8, s + ((imm >> 1) & 1) * 8 + 8);
    v.u8.set(lo, d);
    v.u8.set(hi, d + 8);
    return;
  }
  const a = v.u32.slice(d / 4, d / 4 + 4), b = v.u32.slice(s / 4, s / 4 + 4);
  v.u32[d / 4] = a[imm & 3];
  v.u32[d / 4 + 1] = a[(imm >> 2) & 3];
  v.u32[d / 4 + 2] = b[(imm >> 4) & 3];
  v.u32[d / 4 + 3] = b[(imm >> 6) & 3];
}

function maskmov(c: X86Core, m: Mmu, data: number, mask: number, n: number): void {
  const v = c.vec;
  const base = (c.regs[7] + (c.segBase[3] | 0)) | 0;
  for (let i = 0; i < n; i++) if (v.u8[mask + i] & 0x80) m.checkWrite((base + i) | 0, 1);
  for (let i = 0; i < n; i++) if (v.u8[mask + i] & 0x80) m.w8((base + i) | 0, v.u8[data + i]);
}

/** rcpps/rsqrtps: computed exactly and rounded (hardware returns a 12-bit approximation). */
function approx(f: (x: number) => number) {
  return (v: VectorFile, d: number, s: number, count: number): void => {
    const x = v.f32.slice(s / 4, s / 4 + count);
    for (let i = 0; i < count; i++) v.f32[d / 4 + i] = f(x[i]);
  };
}

/** Reads lanes first so that source and destination may be the same register. */
function ints(v: VectorFile, s: number, n: number): Int32Array {
  return v.i32.slice(s / 4, s / 4 + n);
}

function floats(v: VectorFile, s: number, n: number, double: boolean): Float64Array {
  return Float64Array.from(double ? v.f64.slice(s / 8, s / 8 + n) : v.f32.slice(s / 4, s / 4 + n));
}

const DENORMAL_DOUBLE = 2.2250738585072014e-308, DENORMAL_SINGLE = 1.1754943508222875e-38;

/** Source-operand checks of a conversion: denormal (DE) and signaling NaN (IE). */
function checkSource(c: X86Core, x: number, double: boolean, hiBits: number): void {
  if (x !== 0 && Math.abs(x) < (double ? DENORMAL_DOUBLE : DENORMAL_SINGLE)) c.mxcsr |= DE;
  if (x !== x && (hiBits & (double ? 0x80000 : 0x400000)) === 0) c.mxcsr |= IE;
}

/** double lane at `from` → single lane at `to`, rounded by MXCSR. */
function narrowLane(c: X86Core, to: number, from: number): void {
  const v = c.vec;
  const lo = v.u32[from / 4], hi = v.u32[from / 4 + 1];
  const x = v.f64[from / 8];
  checkSource(c, x, true, hi);
  storeConverted(v, to, false, x === x ? roundFor(c, x, 0, false) : x, lo, hi);
}

/** single lane at `from` → double lane at `to` (exact). */
function widenLane(c: X86Core, to: number, from: number): void {
  const v = c.vec;
  const bits = v.u32[from / 4];
  checkSource(c, v.f32[from / 4], false, bits);
  storeConverted(v, to, true, v.f32[from / 4], bits, 0);
}

function toInts(c: X86Core, d: number, x: Float64Array, truncate: boolean, double: boolean): void {
  for (let i = 0; i < x.length; i++) c.vec.i32[d / 4 + i] = toInt32(c, x[i], truncate, double);
}

function intsToSingles(c: X86Core, d: number, x: Int32Array): void {
  for (let i = 0; i < x.length; i++) c.vec.f32[d / 4 + i] = roundFor(c, x[i], 0, false);
}

/** Conversions, named cvt_<opcode>_<prefix>. */
const cvt = {
  fromInt(c: X86Core, d: number, x: number, double: boolean): void {
    if (double) c.vec.f64[d / 8] = x; else c.vec.f32[d / 4] = roundFor(c, x, 0, false);
  },
  cvt_2a_none: (c: X86Core, v: VectorFile, d: number, s: number): void => intsToSingles(c, d, ints(v, s, 2)),
  cvt_2a_66(_c: X86Core, v: VectorFile, d: number, s: number): void {
    const x = ints(v, s, 2);
    v.f64[d / 8] = x[0]; v.f64[d / 8 + 1] = x[1];
  },
  cvt_2c_none: (c: X86Core, v: VectorFile, d: number, s: number): void => toInts(c, d, floats(v, s, 2, false), true, false),
  cvt_2d_none: (c: X86Core, v: VectorFile, d: number, s: number): void => toInts(c, d, floats(v, s, 2, false), false, false),
  cvt_2c_66: (c: X86Core, v: VectorFile, d: number, s: number): void => toInts(c, d, floats(v, s, 2, true), true, true),
  cvt_2d_66: (c: X86Core, v: VectorFile, d: number, s: number): void => toInts(c, d, floats(v, s, 2, true), false, true),
  cvt_2c_f3: (c: X86Core, v: VectorFile, s: number): number => toInt32(c, v.f32[s / 4], true, false),
  cvt_2d_f3: (c: X86Core, v: VectorFile, s: number): number => toInt32(c, v.f32[s / 4], false, false),
  cvt_2c_f2: (c: X86Core, v: VectorFile, s: number): number => toInt32(c, v.f64[s / 8], true, true),
  cvt_2d_f2: (c: X86Core, v: VectorFile, s: number): number => toInt32(c, v.f64[s / 8], false, true),
  cvt_5a_none(c: X86Core, v: VectorFile, d: number, s: number): void {
    v.u8.copyWithin(176, s, s + 8);
    widenLane(c, d, 176);
    widenLane(c, d + 8, 180);
  },
  cvt_5a_66(c: X86Core, v: VectorFile, d: number, s: number): void {
    v.u8.copyWithin(160, s, s + 16);
    narrowLane(c, d, 160);
    narrowLane(c, d + 4, 168);
    v.u8.fill(0, d + 8, d + 16);
  },
  cvt_5a_f3(c: X86Core, v: VectorFile, d: number, s: number): void {
    v.u8.copyWithin(176, s, s + 4);
    widenLane(c, d, 176);
  },
  cvt_5a_f2(c: X86Core, v: VectorFile, d: number, s: number): void {
    v.u8.copyWithin(176, s, s + 8);
    narrowLane(c, d, 176);
  },
  cvt_5b_none: (c: X86Core, v: VectorFile, d: number, s: number): void => intsToSingles(c, d, ints(v, s, 4)),
  cvt_5b_66: (c: X86Core, v: VectorFile, d: number, s: number): void => toInts(c, d, floats(v, s, 4, false), false, false),
  cvt_5b_f3: (c: X86Core, v: VectorFile, d: number, s: number): void => toInts(c, d, floats(v, s, 4, false), true, false),
  cvt_e6_66(c: X86Core, v: VectorFile, d: number, s: number): void {
    toInts(c, d, floats(v, s, 2, true), true, true);
    v.u8.fill(0, d + 8, d + 16);
  },
  cvt_e6_f2(c: X86Core, v: VectorFile, d: number, s: number): void {
    toInts(c, d, floats(v, s, 2, true), false, true);
    v.u8.fill(0, d + 8, d + 16);
  },
  cvt_e6_f3(_c: X86Core, v: VectorFile, d: number, s: number): void {
    const x = ints(v, s, 2);
    v.f64[d / 8] = x[0]; v.f64[d / 8 + 1] = x[1];
  },
};

export const sseHelpers = {
  pk: packedOps, fl: floatLanes, compareLanes, compareFlags, shiftLanes, shiftCount, byteShift, pmovmskb,
  shuffle, shufps, maskmov, mmxEnter, mmxGet, mmxSet, emms, cvt,
  rcp: approx((x) => Math.fround(1 / x)),
  rsqrt: approx((x) => Math.fround(1 / Math.sqrt(x))),
};
