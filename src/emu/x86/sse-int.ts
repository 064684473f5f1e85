import type { VectorFile } from "./vector-file.ts";

/**
 * Packed-integer operations of MMX and SSE2. Each takes the vector file, the destination
 * and source byte offsets and the operand width `n` (8 for MMX, 16 for XMM).
 */
export type PackedOp = (v: VectorFile, d: number, s: number, n: number) => void;

type View = "u8" | "i8" | "u16" | "i16" | "i32" | "u32";
const laneBytes: Record<View, number> = { u8: 1, i8: 1, u16: 2, i16: 2, i32: 4, u32: 4 };

function lanes(view: View, f: (a: number, b: number) => number): PackedOp {
  const size = laneBytes[view];
  return (v, d, s, n) => {
    const arr = v[view];
    const di = d / size, si = s / size;
    for (let i = 0; i < n / size; i++) arr[di + i] = f(arr[di + i], arr[si + i]);
  };
}

const clamp = (lo: number, hi: number) => (x: number): number => (x < lo ? lo : x > hi ? hi : x);
const s8 = clamp(-128, 127), u8 = clamp(0, 255), s16 = clamp(-32768, 32767), u16 = clamp(0, 65535);

function add64(v: VectorFile, d: number, s: number, n: number, sign: number): void {
  for (let i = 0; i < n; i += 8) {
    const dl = (d + i) / 4, sl = (s + i) / 4;
    const lo = v.u32[dl] + sign * v.u32[sl];
    const carry = lo > 0xffffffff ? 1 : lo < 0 ? -1 : 0;
    v.u32[dl] = lo;
    v.u32[dl + 1] = v.u32[dl + 1] + sign * v.u32[sl + 1] + carry;
  }
}

export const packedOps: Record<string, PackedOp> = {
  paddb: lanes("u8", (a, b) => a + b),
  paddw: lanes("u16", (a, b) => a + b),
  paddd: lanes("i32", (a, b) => a + b),
  paddq: (v, d, s, n) => add64(v, d, s, n, 1),
  psubb: lanes("u8", (a, b) => a - b),
  psubw: lanes("u16", (a, b) => a - b),
  psubd: lanes("i32", (a, b) => a - b),
  psubq: (v, d, s, n) => add64(v, d, s, n, -1),
  paddsb: lanes("i8", (a, b) => s8(a + b)),
  paddsw: lanes("i16", (a, b) => s16(a + b)),
  paddusb: lanes("u8", (a, b) => u8(a + b)),
  paddusw: lanes("u16", (a, b) => u16(a + b)),
  psubsb: lanes("i8", (a, b) => s8(a - b)),
  psubsw: lanes("i16", (a, b) => s16(a - b)),
  psubusb: lanes("u8", (a, b) => u8(a - b)),
  psubusw: lanes("u16", (a, b) => u16(a - b)),
  pmullw: lanes("i16", (a, b) => Math.imul(a, b)),
  pmulhw: lanes("i16", (a, b) => (a * b) >> 16),
  pmulhuw: lanes("u16", (a, b) => Math.floor((a * b) / 65536)),
  pcmpeqb: lanes("i8", (a, b) => (a === b ? -1 : 0)),
  pcmpeqw: lanes("i16", (a, b) => (a === b ? -1 : 0)),
  pcmpeqd: lanes("i32", (a, b) => (a === b ? -1 : 0)),
  pcmpgtb: lanes("i8", (a, b) => (a > b ? -1 : 0)),
  pcmpgtw: lanes("i16", (a, b) => (a > b ? -1 : 0)),
  pcmpgtd: lanes("i32", (a, b) => (a > b ? -1 : 0)),
  pand: lanes("i32", (a, b) => a & b),
  pandn: lanes("i32", (a, b) => ~a & b),
  por: lanes("i32", (a, b) => a | b),
  pxor: lanes("i32", (a, b) => a ^ b),
  pminub: lanes("u8", Math.min),
  pmaxub: lanes("u8", Math.max),
  pminsw: lanes("i16", Math.min),
  pmaxsw: lanes("i16", Math.max),
  pavgb: lanes("u8", (a, b) => (a + b + 1) >> 1),
  pavgw: lanes("u16", (a, b) => (a + b + 1) >> 1),
  pmaddwd: (v, d, s, n) => {
    for (let i = 0; i < n / 4; i++) {
      const dw = d / 2 + 2 * i, sw = s / 2 + 2 * i;
      v.i32[d / 4 + i] = v.i16[dw] * v.i16[sw] + v.i16[dw + 1] * v.i16[sw + 1];
    }
  },
  pmuludq: (v, d, s, n) => {
    for (let i = 0; i < n; i += 8) {
      const a = v.u32[(d + i) / 4], b = v.u32[(s + i) / 4];
      const p = BigInt(a) * BigInt(b);
      v.u32[(d + i) / 4] = Number(p & 0xffffffffn);
      v.u32[(d + i) / 4 + 1] = Number(p >> 32n);
    }
  },
  psadbw: (v, d, s, n) => {
    for (let i = 0; i < n; i += 8) {
      let sum = 0;
      for (let j = 0; j < 8; j++) sum += Math.abs(v.u8[d + i + j] - v.u8[s + i + j]);
      v.u32[(d + i) / 4] = sum;
      v.u32[(d + i) / 4 + 1] = 0;
    }
  },
  packsswb: pack("i16", "i8", s8),
  packuswb: pack("i16", "u8", u8),
  packssdw: pack("i32", "i16", s16),
  punpcklbw: unpack(1, false), punpckhbw: unpack(1, true),
  punpcklwd: unpack(2, false), punpckhwd: unpack(2, true),
  punpckldq: unpack(4, false), punpckhdq: unpack(4, true),
  punpcklqdq: unpack(8, false), punpckhqdq: unpack(8, true),
};

/** Narrowing with saturation: low half of the result from dst, high half from src. */
function pack(from: View, to: View, sat: (x: number) => number): PackedOp {
  return (v, d, s, n) => {
    const src = v[from], dst = v[to];
    const k = n / laneBytes[from];
    const out: number[] = [];
    for (let i = 0; i < k; i++) out.push(sat(src[d / laneBytes[from] + i]));
    for (let i = 0; i < k; i++) out.push(sat(src[s / laneBytes[from] + i]));
    out.forEach((x, i) => { dst[d / laneBytes[to] + i] = x; });
  };
}

/** Interleaves the low (or high) halves of dst and src, lanes of `size` bytes. */
function unpack(size: number, high: boolean): PackedOp {
  return (v, d, s, n) => {
    const half = n / 2;
    const a = v.u8.slice(d + (high ? half : 0), d + (high ? n : half));
    const b = v.u8.slice(s + (high ? half : 0), s + (high ? n : half));
    for (let i = 0; i < half / size; i++) {
      v.u8.set(a.subarray(i * size, (i + 1) * size), d + 2 * i * size);
      v.u8.set(b.subarray(i * size, (i + 1) * size), d + (2 * i + 1) * size);
    }
  };
}

/** Shifts of every lane by a count (psll/psrl/psra w, d, q). */
export function shiftLanes(v: VectorFile, d: number, n: number, laneSize: number, kind: "l" | "r" | "a", count: number): void {
  const bits = laneSize * 8;
  if (laneSize === 8) {
    for (let i = 0; i < n; i += 8) {
      const at = (d + i) / 4;
      let x = (BigInt(v.u32[at + 1]) << 32n) | BigInt(v.u32[at]);
      x = count >= 64 ? 0n : kind === "l" ? (x << BigInt(count)) & 0xffffffffffffffffn : x >> BigInt(count);
      v.u32[at] = Number(x & 0xffffffffn);
      v.u32[at + 1] = Number(x >> 32n);
    }
    return;
  }
  const arr = kind === "a" ? (laneSize === 2 ? v.i16 : v.i32) : laneSize === 2 ? v.u16 : v.u32;
  const base = d / laneSize;
  for (let i = 0; i < n / laneSize; i++) {
    const x = arr[base + i];
    if (kind === "a") arr[base + i] = x >> Math.min(count, bits - 1);
    else if (count >= bits) arr[base + i] = 0;
    else arr[base + i] = kind === "l" ? x << count : x >>> count;
  }
}

/** Shift count of a register/memory shift operand: the full low 64 bits, saturated. */
export function shiftCount(v: VectorFile, s: number): number {
  return v.u32[s / 4 + 1] !== 0 ? 0xffff : Math.min(v.u32[s / 4], 0xffff);
}

/** psrldq / pslldq: whole-register byte shifts. */
export function byteShift(v: VectorFile, d: number, left: boolean, count: number): void {
  const old = v.u8.slice(d, d + 16);
  for (let i = 0; i < 16; i++) {
    const from = left ? i - count : i + count;
    v.u8[d + i] = from >= 0 && from < 16 ? old[from] : 0;
  }
}

export function pmovmskb(v: VectorFile, s: number, n: number): number {
  let mask = 0;
  for (let i = 0; i < n; i++) mask |= (v.u8[s + i] >> 7) << i;
  return mask;
}

/** pshufd (n = 16, dword lanes) and pshufw (n = 8, word lanes). */
export function shuffle(v: VectorFile, d: number, s: number, laneSize: number, lanesCount: number, base: number, order: number): void {
  const src = v.u8.slice(s + base * laneSize, s + (base + lanesCount) * laneSize);
  for (let i = 0; i < lanesCount; i++) {
    const from = (order >> (2 * i)) & 3;
    v.u8.set(src.subarray(from * laneSize, (from + 1) * laneSize), d + (base + i) * laneSize);
  }
}
