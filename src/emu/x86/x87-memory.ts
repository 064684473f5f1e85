import { float80Low, readFloat80, writeFloat80 } from "./float80.ts";
import type { Mmu } from "./mmu.ts";
import { signOf } from "./x87.ts";
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

/** Pushes an exact integer (up to 64 bits) as a register pair. */
function pushInteger(c: X86Core, v: bigint): void {
  const hi = Number(v);
  c.fpu.push(hi, Number(v - BigInt(hi)));
}

/** fild m64. */
export function loadInt64(c: X86Core, m: Mmu, a: number): void {
  const lo = m.r32(a), hi = m.r32((a + 4) | 0);
  pushInteger(c, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
}

/** fistp/fisttp m64: the integer indefinite when out of range. */
export function storeInt64(c: X86Core, m: Mmu, a: number, truncate: boolean): void {
  const v = c.fpu.toBigInteger(truncate, 1n << 63n);
  const x = BigInt.asUintN(64, v ?? -(1n << 63n));
  m.checkWrite(a, 8);
  m.w32(a, Number(x & 0xffffffffn) | 0);
  m.w32((a + 4) | 0, Number(x >> 32n) | 0);
}

/** fbld m80: 18 packed BCD digits and a sign bit. */
export function loadBcd(c: X86Core, m: Mmu, a: number): void {
  m.readBytes(a, 10, bytes80);
  let v = 0n;
  for (let i = 8; i >= 0; i--) v = v * 100n + BigInt((bytes80[i] >> 4) * 10 + (bytes80[i] & 15));
  if (v === 0n && (bytes80[9] & 0x80) !== 0) c.fpu.push(-0);
  else pushInteger(c, (bytes80[9] & 0x80) !== 0 ? -v : v);
}

/** fbstp m80: rounds by RC; out of range or NaN stores the BCD indefinite (IE). */
export function storeBcd(c: X86Core, m: Mmu, a: number): void {
  const negative = signOf(c.fpu.st(0));
  const v = c.fpu.toBigInteger(false, 10n ** 18n);
  bytes80.fill(0);
  if (v === null) {
    bytes80[7] = 0xc0;
    bytes80[8] = 0xff;
    bytes80[9] = 0xff;
  } else {
    let x = v < 0n ? -v : v;
    for (let i = 0; i < 9; i++) {
      const pair = Number(x % 100n);
      x /= 100n;
      bytes80[i] = ((Math.floor(pair / 10)) << 4) | (pair % 10);
    }
    if (negative) bytes80[9] = 0x80;
  }
  m.writeBytes(a, 10, bytes80);
  c.fpu.pop();
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
