import { float80Low, readFloat80, writeFloat80 } from "./float80.ts";
import type { Mmu } from "./mmu.ts";
import type { X86Core } from "./cpu.ts";

/**
 * Memory formats of the x87: single/double reals, 16/32/64-bit integers, 80-bit extended,
 * and the 28-byte environment / 108-byte save area (32-bit protected-mode layout).
 */
const f64 = new Float64Array(1);
const f32 = new Float32Array(f64.buffer, 0, 1);
const i32 = new Int32Array(f64.buffer);
const bytes80 = new Uint8Array(10);

export function fromSingle(bits: number): number {
  i32[0] = bits;
  return f32[0];
}

/** Single-precision bits; a NaN keeps its sign and the top of its payload, quieted. */
export function toSingle(v: number): number {
  if (v !== v) {
    f64[0] = v;
    return (i32[1] & 0x80000000) | 0x7fc00000 | ((i32[1] & 0x7ffff) << 3) | (i32[0] >>> 29);
  }
  f32[0] = v;
  return i32[0];
}

export function fromDouble(lo: number, hi: number): number {
  i32[0] = lo;
  i32[1] = hi;
  return f64[0];
}

export function storeDouble(m: Mmu, a: number, v: number): void {
  m.checkWrite(a, 8);
  f64[0] = v;
  m.w32(a, i32[0]);
  m.w32((a + 4) | 0, i32[1]);
}

export function fromInt64(lo: number, hi: number): number {
  return hi * 4294967296 + (lo >>> 0);
}

export function storeInt64(m: Mmu, a: number, v: number): void {
  const x = BigInt.asUintN(64, BigInt(v));
  m.checkWrite(a, 8);
  m.w32(a, Number(x & 0xffffffffn) | 0);
  m.w32((a + 4) | 0, Number(x >> 32n) | 0);
}

/** fld m80: pushes the value (high and low parts). */
export function loadExtended(c: X86Core, m: Mmu, a: number): void {
  m.readBytes(a, 10, bytes80);
  const hi = readFloat80(bytes80, 0);
  c.fpu.push(hi, float80Low);
}

export function storeExtended(m: Mmu, a: number, v: number, low: number): void {
  writeFloat80(v, bytes80, 0, low);
  m.writeBytes(a, 10, bytes80);
}

/** fnstenv / fnsave. */
export function storeEnvironment(c: X86Core, m: Mmu, a: number, withRegisters: boolean): void {
  const f = c.fpu;
  const size = withRegisters ? 108 : 28;
  const img = new Uint8Array(size);
  const dv = new DataView(img.buffer);
  dv.setUint32(0, f.control | 0xffff0000, true);
  dv.setUint32(4, f.status | 0xffff0000, true);
  dv.setUint32(8, f.tagWord() | 0xffff0000, true);
  if (withRegisters) for (let i = 0; i < 8; i++) writeFloat80(f.regs[(f.top + i) & 7], img, 28 + 10 * i, f.lows[(f.top + i) & 7]);
  m.writeBytes(a, size, img);
  if (withRegisters) f.reset();
  else f.control |= 0x3f;
}

/** fldenv / frstor. */
export function loadEnvironment(c: X86Core, m: Mmu, a: number, withRegisters: boolean): void {
  const f = c.fpu;
  const size = withRegisters ? 108 : 28;
  const img = new Uint8Array(size);
  m.readBytes(a, size, img);
  const dv = new DataView(img.buffer);
  f.control = dv.getUint16(0, true);
  f.status = dv.getUint16(4, true);
  f.setTagWord(dv.getUint16(8, true));
  f.mmxMask = 0;
  if (withRegisters) {
    for (let i = 0; i < 8; i++) {
      f.regs[(f.top + i) & 7] = readFloat80(img, 28 + 10 * i);
      f.lows[(f.top + i) & 7] = float80Low;
    }
  }
}
