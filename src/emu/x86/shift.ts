import { ARITH_FLAGS, CF, OF, PARITY, PF, SF, ZF, type LazyFlags } from "./flags.ts";

/**
 * Shifts and rotates with eager flags (Intel SDM pseudo-code). `x` is the unsigned operand
 * value, `count` the count already masked to 5 bits and non-zero, `bits` the operand width.
 * Returns the result (unsigned). Flags documented as undefined: AF (shifts; set to 0), OF
 * when count ≠ 1 (computed as for count 1), CF for shl/shr counts ≥ width (bits shifted
 * out past the operand: 0).
 */
export function shift(c: LazyFlags, op: number, bits: number, x: number, count: number): number {
  switch (op) {
    case 0: return rol(c, bits, x, count);
    case 1: return ror(c, bits, x, count);
    case 2: return rcl(c, bits, x, count);
    case 3: return rcr(c, bits, x, count);
    case 5: return shr(c, bits, x, count);
    case 7: return sar(c, bits, x, count);
    default: return shl(c, bits, x, count);
  }
}

const maskOf = (bits: number): number => (bits === 32 ? 0xffffffff : (1 << bits) - 1);

/** SF, ZF, PF of a result of `bits` width. */
export function szpFlags(bits: number, v: number): number {
  return ((v >>> (bits - 1)) & 1 ? SF : 0) | ((v & maskOf(bits)) === 0 ? ZF : 0) | (PARITY[v & 0xff] & PF);
}

function setShiftFlags(c: LazyFlags, bits: number, result: number, cf: number, of: boolean): void {
  c.flagBits = (c.flagBits & ~ARITH_FLAGS) | szpFlags(bits, result) | cf | (of ? OF : 0);
  c.fop = 0;
}

function shl(c: LazyFlags, bits: number, x: number, n: number): number {
  const result = n >= 32 ? 0 : ((x << n) & maskOf(bits)) >>> 0;
  const cf = n <= bits ? (x >>> (bits - n)) & 1 : 0;
  setShiftFlags(c, bits, result, cf, ((result >>> (bits - 1)) & 1) !== cf);
  return result;
}

function shr(c: LazyFlags, bits: number, x: number, n: number): number {
  const result = x >>> n;
  const cf = n <= bits ? (x >>> (n - 1)) & 1 : 0;
  setShiftFlags(c, bits, result, cf, ((x >>> (bits - 1)) & 1) !== 0);
  return result;
}

function sar(c: LazyFlags, bits: number, x: number, n: number): number {
  const sx = (x << (32 - bits)) >> (32 - bits);
  const result = (sx >> Math.min(n, 31)) & maskOf(bits);
  const cf = (sx >> Math.min(n - 1, 31)) & 1;
  setShiftFlags(c, bits, result >>> 0, cf, false);
  return result >>> 0;
}

/** Rotates change only CF and OF. */
function setRotateFlags(c: LazyFlags, cf: number, of: boolean): void {
  c.setArith(cf | (of ? OF : 0), CF | OF);
}

function rol(c: LazyFlags, bits: number, x: number, count: number): number {
  const n = count % bits;
  const result = n === 0 ? x : (((x << n) | (x >>> (bits - n))) & maskOf(bits)) >>> 0;
  const cf = result & 1;
  setRotateFlags(c, cf, ((result >>> (bits - 1)) & 1) !== cf);
  return result;
}

function ror(c: LazyFlags, bits: number, x: number, count: number): number {
  const n = count % bits;
  const result = n === 0 ? x : (((x >>> n) | (x << (bits - n))) & maskOf(bits)) >>> 0;
  const msb = (result >>> (bits - 1)) & 1;
  setRotateFlags(c, msb, msb !== ((result >>> (bits - 2)) & 1));
  return result;
}

function rcl(c: LazyFlags, bits: number, x: number, count: number): number {
  const n = bits === 32 ? count : count % (bits + 1);
  let v = x, cf = c.cf();
  for (let i = 0; i < n; i++) {
    const out = (v >>> (bits - 1)) & 1;
    v = (((v << 1) | cf) & maskOf(bits)) >>> 0;
    cf = out;
  }
  setRotateFlags(c, cf, ((v >>> (bits - 1)) & 1) !== cf);
  return v;
}

function rcr(c: LazyFlags, bits: number, x: number, count: number): number {
  const n = bits === 32 ? count : count % (bits + 1);
  let v = x, cf = c.cf();
  const of = ((x >>> (bits - 1)) & 1) !== cf;
  for (let i = 0; i < n; i++) {
    const out = v & 1;
    v = ((v >>> 1) | (cf << (bits - 1))) >>> 0;
    cf = out;
  }
  setRotateFlags(c, cf, of);
  return v;
}

/**
 * shld/shrd. Count already masked to 5 bits and non-zero. For 16-bit operands and counts
 * above 16 the result and flags are undefined (computed from the 32-bit concatenation).
 */
export function shiftDouble(c: LazyFlags, left: boolean, bits: number, dst: number, src: number, n: number): number {
  let result: number, cf: number;
  if (bits === 32) {
    result = left ? ((dst << n) | (src >>> (32 - n))) >>> 0 : ((dst >>> n) | (src << (32 - n))) >>> 0;
    cf = left ? (dst >>> (32 - n)) & 1 : (dst >>> (n - 1)) & 1;
  } else {
    const wide = left ? ((dst << 16) | src) >>> 0 : ((src << 16) | dst) >>> 0;
    result = left ? ((wide << n) >>> 16) & 0xffff : (wide >>> n) & 0xffff;
    cf = left ? (wide >>> (32 - n)) & 1 : (wide >>> (n - 1)) & 1;
  }
  const of = ((result ^ dst) >>> (bits - 1)) & 1;
  setShiftFlags(c, bits, result, cf, of !== 0);
  return result;
}
