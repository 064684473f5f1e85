import type { VectorFile } from "./vector-file.ts";

/**
 * SSE/SSE2 floating-point lanes. Results are rounded to nearest (MXCSR.RC is honoured only
 * by conversions to integers). NaN results follow hardware: a NaN destination operand is
 * returned quieted, else a NaN source quieted, else the default "indefinite" NaN; MXCSR
 * exception flags are not updated.
 */
export type FloatOp = (a: number, b: number) => number;

export const floatOps: Record<string, FloatOp> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  min: (a, b) => (a < b ? a : b),
  max: (a, b) => (a > b ? a : b),
  sqrt: (_a, b) => Math.sqrt(b),
};

/** min/max return the source operand for NaNs and for equal values (±0): not a NaN rule. */
const returnsSource = (op: string): boolean => op === "min" || op === "max";

/**
 * Applies `op` to `count` lanes (4 or 8 bytes wide) at byte offsets d and s; the result
 * replaces the destination lanes.
 */
export function floatLanes(v: VectorFile, op: string, double: boolean, d: number, s: number, count: number): void {
  const f = floatOps[op];
  const w = double ? 8 : 4;
  for (let i = 0; i < count; i++) {
    const di = (d + i * w) / w, si = (s + i * w) / w;
    const a = double ? v.f64[di] : v.f32[di];
    const b = double ? v.f64[si] : v.f32[si];
    if (returnsSource(op)) {
      if (!(op === "min" ? a < b : a > b)) copyLane(v, d + i * w, s + i * w, w);
      continue;
    }
    const r = f(a, b);
    if (r === r) {
      if (double) v.f64[di] = r; else v.f32[di] = r;
    } else {
      nanResult(v, d + i * w, s + i * w, w, op === "sqrt" ? false : a !== a, b !== b);
    }
  }
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

/** cmpps/cmppd/cmpss/cmpsd predicates 0..7. */
export function compareLanes(v: VectorFile, double: boolean, d: number, s: number, count: number, predicate: number): void {
  const w = double ? 8 : 4;
  for (let i = 0; i < count; i++) {
    const di = (d + i * w) / w, si = (s + i * w) / w;
    const a = double ? v.f64[di] : v.f32[di];
    const b = double ? v.f64[si] : v.f32[si];
    const unordered = a !== a || b !== b;
    let t: boolean;
    switch (predicate & 7) {
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
    v.i32[(d + i * w) / 4] = mask;
    if (double) v.i32[(d + i * w) / 4 + 1] = mask;
  }
}

/** (u)comiss/(u)comisd: ZF, PF, CF as EFLAGS bits (OF, SF, AF cleared). */
export function compareFlags(a: number, b: number): number {
  if (a !== a || b !== b) return 0x45;
  if (a > b) return 0;
  if (a < b) return 1;
  return 0x40;
}

/** Rounds to an integer by rounding control (0 nearest-even, 1 down, 2 up, 3 toward 0). */
export function roundByControl(x: number, rc: number): number {
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

/** Float → int32 as cvt(t)s[sd]2si: out of range or NaN gives the integer indefinite. */
export function toInt32(x: number, rc: number): number {
  const r = roundByControl(x, rc);
  return r >= -2147483648 && r <= 2147483647 ? r | 0 : -2147483648;
}

/** Writes a double that came from widening/narrowing a NaN with the payload kept. */
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
