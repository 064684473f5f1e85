import { divideError } from "./fault.ts";
import { ARITH_FLAGS, CF, OF, type LazyFlags } from "./flags.ts";
import { szpFlags } from "./shift.ts";

/**
 * Multiplies and divides. mul/imul define only CF and OF (SF, ZF, PF are set from the low
 * half of the result and AF cleared; all undefined on hardware). div/idiv leave all six
 * flags undefined; they are left unchanged here.
 */
function setMulFlags(c: LazyFlags, overflow: boolean, bits: number, low: number): void {
  c.flagBits = (c.flagBits & ~ARITH_FLAGS) | (overflow ? CF | OF : 0) | szpFlags(bits, low >>> 0);
  c.fop = 0;
}

/** Unsigned 32×32→64: returns the high half, `mulLow` holds the low half. */
let mulLow = 0;
function mulu32(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  mulLow = ((ll & 0xffff) | (mid << 16)) | 0;
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** One-operand mul (unsigned) / imul (signed) of AL/AX/EAX by `v`. */
export function mul(c: LazyFlags, r: Int32Array, bits: number, v: number, signed: boolean): void {
  if (bits === 8) {
    const p = signed ? ((r[0] << 24) >> 24) * ((v << 24) >> 24) : (r[0] & 0xff) * (v & 0xff);
    r[0] = (r[0] & -65536) | (p & 0xffff);
    setMulFlags(c, signed ? p !== ((p << 24) >> 24) : p > 0xff, 8, p);
  } else if (bits === 16) {
    const p = signed ? ((r[0] << 16) >> 16) * ((v << 16) >> 16) : (r[0] & 0xffff) * (v & 0xffff);
    r[0] = (r[0] & -65536) | (p & 0xffff);
    r[2] = (r[2] & -65536) | ((p >> 16) & 0xffff);
    setMulFlags(c, signed ? p !== ((p << 16) >> 16) : p > 0xffff, 16, p);
  } else {
    const a = r[0];
    let hi = mulu32(a >>> 0, v >>> 0);
    if (signed) hi = (hi - (a < 0 ? v : 0) - (v < 0 ? a : 0)) | 0;
    const lo = mulLow;
    r[0] = lo;
    r[2] = hi;
    setMulFlags(c, signed ? hi !== lo >> 31 : hi !== 0, 32, lo);
  }
}

/** Two- and three-operand imul: returns the truncated product. */
export function imul(c: LazyFlags, bits: number, a: number, b: number): number {
  if (bits === 16) {
    const p = ((a << 16) >> 16) * ((b << 16) >> 16);
    setMulFlags(c, p !== ((p << 16) >> 16), 16, p);
    return p & 0xffff;
  }
  const lo = Math.imul(a, b);
  setMulFlags(c, a * b !== lo, 32, lo);
  return lo;
}

/** div (unsigned) / idiv (signed) of AX, DX:AX or EDX:EAX by `v`; #DE on zero or overflow. */
export function div(r: Int32Array, bits: number, v: number, signed: boolean): void {
  if (bits === 32) return div32(r, v, signed);
  const mask = bits === 8 ? 0xff : 0xffff;
  const shift = 32 - bits;
  const divisor = signed ? (v << shift) >> shift : v & mask;
  if (divisor === 0) throw divideError();
  const dividend = bits === 8
    ? (signed ? (r[0] << 16) >> 16 : r[0] & 0xffff)
    : (signed ? ((r[2] << 16) | (r[0] & 0xffff)) : (((r[2] & 0xffff) << 16) | (r[0] & 0xffff)) >>> 0);
  const q = Math.trunc(dividend / divisor);
  const rem = dividend - q * divisor;
  if (signed ? q !== ((q << shift) >> shift) : q > mask) throw divideError();
  if (bits === 8) {
    r[0] = (r[0] & -65536) | ((rem & 0xff) << 8) | (q & 0xff);
  } else {
    r[0] = (r[0] & -65536) | (q & 0xffff);
    r[2] = (r[2] & -65536) | (rem & 0xffff);
  }
}

function div32(r: Int32Array, v: number, signed: boolean): void {
  if (v === 0) throw divideError();
  const lo = r[0], hi = r[2];
  let q: number, rem: number;
  if (signed && hi === lo >> 31) {
    q = Math.trunc(lo / v);
    rem = lo - q * v;
  } else if (!signed && hi === 0) {
    q = Math.trunc((lo >>> 0) / (v >>> 0));
    rem = (lo >>> 0) - q * (v >>> 0);
  } else {
    const n = (BigInt(signed ? hi : hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const d = BigInt(signed ? v : v >>> 0);
    const bq = n / d;
    q = Number(bq);
    rem = Number(n - bq * d);
  }
  if (signed ? q < -0x80000000 || q > 0x7fffffff : q > 0xffffffff) throw divideError();
  r[0] = q | 0;
  r[2] = rem | 0;
}
