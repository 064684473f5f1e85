import {
  exactResult, exponentOf, RC_DOWN, RC_NEAREST, RC_UP, RC_ZERO, rounded, roundExact, roundToSingle, scaleBy, twoProduct, twoQuotient,
  twoSum,
} from "./rounding.ts";
import { zeroSum } from "./sse-float.ts";
import { extended, extendedProduct, extendedQuotient, extendedSum, safeMagnitudes } from "./x87-extended.ts";
import { partialRemainder, quotientBits } from "./x87-remainder.ts";
import { squareRoot } from "./x87-sqrt.ts";
import { fnValue } from "./double-double.ts";
import type { FpuState } from "./types.ts";
import { exactRegister } from "./exact-register.ts";

/** Tag values of the full tag word. */
const TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3;
/** Status word bits. */
export const ZE = 0x4, PE = 0x20, C1 = 0x200, C2 = 0x400;
const IE = 0x1, DE = 0x2, OE = 0x8, UE = 0x10, SF = 0x40;
const C0 = 0x100, C3 = 0x4000;
const CONDITION = C0 | C1 | C2 | C3;

const bits = new Float64Array(1);
const bitsHi = new Int32Array(bits.buffer, 4, 1);
/** The x87 default NaN ("real indefinite"): negative quiet NaN, 0xfff8000000000000. */
bitsHi[0] = 0xfff80000 | 0;
export const DEFAULT_NAN = bits[0];

const bitsLo = new Int32Array(bits.buffer, 0, 1);

/** Sign bit of a double, NaNs included. */
export function signOf(v: number): boolean {
  bits[0] = v;
  return bitsHi[0] < 0;
}

/** v with its sign bit set or cleared (NaN payloads kept). */
function withSign(v: number, negative: boolean): number {
  bits[0] = v;
  bitsHi[0] = negative ? bitsHi[0] | 0x80000000 : bitsHi[0] & 0x7fffffff;
  return bits[0];
}

/** A NaN with the quiet bit clear. */
function isSignaling(v: number): boolean {
  if (v === v) return false;
  bits[0] = v;
  return (bitsHi[0] & 0x80000) === 0;
}

/** The NaN with its quiet bit set (payload and sign kept). */
function quiet(v: number): number {
  bits[0] = v;
  bitsHi[0] |= 0x80000;
  return bits[0];
}

/**
 * Of two NaN operands, the one with the larger significand (a quiet NaN's is larger than any
 * signalling one's), and at equal significands the positive one (measured).
 */
function largerNaN(a: number, b: number): number {
  bits[0] = a;
  const ah = bitsHi[0] & 0xfffff, al = bitsLo[0] >>> 0, aNegative = bitsHi[0] < 0;
  bits[0] = b;
  const bh = bitsHi[0] & 0xfffff, bl = bitsLo[0] >>> 0;
  if (ah !== bh) return ah > bh ? a : b;
  if (al !== bl) return al > bl ? a : b;
  return aNegative ? b : a;
}

/** Unbiased exponent of a finite non-zero value as an 80-bit register holds it. */
function exponent(v: number): number {
  bits[0] = v;
  const e = (bitsHi[0] >>> 20) & 0x7ff;
  if (e !== 0) return e - 1023;
  const lo = bitsLo[0] >>> 0, hiFrac = bitsHi[0] & 0xfffff;
  return hiFrac !== 0 ? -1023 - (Math.clz32(hiFrac) - 12) : -1023 - 20 - Math.clz32(lo);
}

/**
 * The x87 FPU: register file and operations. Registers are JS doubles (README, "x87
 * precision"): +, −, ×, ÷ and √ are rounded exactly as hardware rounds by the precision
 * (24/53/64 bits) and rounding controls, then held as the nearest double. Exceptions are
 * always masked: sticky flags IE (with SF for stack faults), DE (memory operands), ZE, OE,
 * UE and PE are set, C1 tells a round-up. MMX instructions store raw 64-bit values in `mmx`
 * and mark the register in `mmxMask`.
 */
export class Fpu {
  readonly regs = new Float64Array(8);
  /**
   * Low parts: register i holds regs[i] + lows[i] exactly, so 64-bit results (precision
   * control 64) keep the bits a double cannot hold.
   */
  readonly lows = new Float64Array(8);
  /** Low part of the last rounded arithmetic result. */
  private resultLow = 0;
  readonly mmx = new Int32Array(16);
  mmxMask = 0;
  top = 0;
  control = 0x37f;
  /** Status word without TOP. */
  statusBits = 0;
  /** Bit i set: physical register i is empty. */
  empty = 0xff;

  get status(): number {
    return (this.statusBits & ~0x3800) | (this.top << 11);
  }

  set status(v: number) {
    this.statusBits = v & ~0x3800 & 0xffff;
    this.top = (v >> 11) & 7;
  }

  tagWord(): number {
    let tag = 0;
    for (let i = 0; i < 8; i++) tag |= this.tagOf(i) << (2 * i);
    return tag;
  }

  setTagWord(tag: number): void {
    this.empty = 0;
    for (let i = 0; i < 8; i++) if (((tag >> (2 * i)) & 3) === TAG_EMPTY) this.empty |= 1 << i;
  }

  private tagOf(i: number): number {
    if ((this.empty >> i) & 1) return TAG_EMPTY;
    if ((this.mmxMask >> i) & 1) return TAG_SPECIAL;
    const v = this.regs[i];
    if (v === 0) return TAG_ZERO;
    if (!Number.isFinite(v) || Math.abs(v) < 2.2250738585072014e-308) return TAG_SPECIAL;
    return TAG_VALID;
  }

  // ---- stack ------------------------------------------------------------------------

  private phys(i: number): number {
    return (this.top + i) & 7;
  }

  isEmpty(i: number): boolean {
    return ((this.empty >> this.phys(i)) & 1) !== 0;
  }

  /** ST(i); an empty register is a stack underflow (IE, SF) and reads as the default NaN. */
  st(i: number): number {
    const p = this.phys(i);
    if ((this.empty >> p) & 1) {
      this.statusBits = (this.statusBits | IE | SF) & ~C1;
      return DEFAULT_NAN;
    }
    return this.regs[p];
  }

  /** Low part of ST(i) (0 for an empty register). */
  low(i: number): number {
    const p = this.phys(i);
    return (this.empty >> p) & 1 ? 0 : this.lows[p];
  }

  setSt(i: number, v: number, lo = 0): void {
    const p = this.phys(i);
    this.regs[p] = v;
    this.lows[p] = v === v && Number.isFinite(v) ? lo : 0;
    this.empty &= ~(1 << p);
    this.mmxMask &= ~(1 << p);
  }

  /**
   * For instructions that replace ST(0) and push a second result (fxtract, fptan, fsincos):
   * when the stack is full, both become the default NaN (IE, SF, C1: measured) and true is
   * returned.
   */
  overflowsReplacingPush(): boolean {
    if (this.isEmpty(7)) return false;
    this.setSt(0, DEFAULT_NAN);
    this.push(DEFAULT_NAN);
    return true;
  }

  push(v: number, lo = 0): void {
    this.top = (this.top - 1) & 7;
    if (((this.empty >> this.top) & 1) === 0) {
      this.statusBits |= IE | SF | C1;
      v = DEFAULT_NAN;
    }
    this.setSt(0, v, lo);
  }

  /** fchs and fabs change only the sign bit (NaNs included). */
  abs(): void {
    const v = this.st(0), lo = this.low(0);
    if (this.isEmpty(0)) this.setSt(0, v);
    else if (signOf(v)) this.setSt(0, withSign(v, false), -lo);
  }

  chs(): void {
    const v = this.st(0), lo = this.low(0);
    this.setSt(0, this.isEmpty(0) ? v : withSign(v, !signOf(v)), -lo);
  }

  pop(): void {
    this.empty |= 1 << this.top;
    this.top = (this.top + 1) & 7;
  }

  reset(): void {
    this.control = 0x37f;
    this.statusBits = 0;
    this.top = 0;
    this.empty = 0xff;
    this.mmxMask = 0;
  }

  // ---- arithmetic -----------------------------------------------------------------------

  /** Significand bits of the precision-control field (00: 24, 10: 53, 11: 64). */
  private get precision(): number {
    const pc = (this.control >> 8) & 3;
    return pc === 0 ? 24 : pc === 2 ? 53 : 64;
  }

  get roundingControl(): number {
    return (this.control >> 10) & 3;
  }

  /** Rounds the exact result hi + lo by PC and RC; sets PE and C1 (rounded up). */
  private roundResult(hi: number, lo: number, scaled = exactResult.scale, tail = 0): number {
    const r = roundExact(hi, lo, this.precision, this.roundingControl, 0, scaled, tail);
    this.resultLow = rounded.low;
    this.noteRounding();
    return r;
  }

  private noteRounding(): void {
    this.statusBits &= ~C1;
    if (rounded.inexact) this.statusBits |= PE | (rounded.up ? C1 : 0);
  }

  /** Result of an invalid operation, or the quieted NaN operand (of two, largerNaN). */
  nanResult(a: number, b: number): number {
    if (isSignaling(a) || isSignaling(b) || (a === a && b === b)) this.statusBits |= IE;
    if (a !== a) return quiet(b !== b ? largerNaN(a, b) : a);
    if (b !== b) return quiet(b);
    return DEFAULT_NAN;
  }

  /**
   * ST(dst) = ST(dst) op src for op 0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr
   * (2 and 3, fcom/fcomp, compare instead). `pop` pops after. `srcEmpty`: src is an empty
   * register (read as the default NaN).
   */
  arith(op: number, dst: number, src: number, pop: boolean, srcLow = 0, srcEmpty = false): void {
    const empty = srcEmpty || this.isEmpty(dst);
    const a = this.st(dst), aLow = this.low(dst);
    if (op === 2 || op === 3) {
      this.compare(a, src, true, aLow, srcLow);
      if (op === 3) this.pop();
      if (pop) this.pop();
      return;
    }
    this.resultLow = 0;
    // an empty operand (stack underflow, IE and SF from st()) gives the default NaN whatever the other
    let r: number;
    if (empty) r = DEFAULT_NAN;
    else r = aLow === 0 && srcLow === 0 ? this.compute(op, a, src) : this.computeExtended(op, a, aLow, src, srcLow);
    this.setSt(dst, r, this.resultLow);
    if (pop) this.pop();
  }

  /** An operation with an operand that has a low part (a 64-bit intermediate result). */
  private computeExtended(op: number, a: number, aLo: number, b: number, bLo: number): number {
    if (a !== a || b !== b || !Number.isFinite(a) || !Number.isFinite(b) || !safeMagnitudes(a, b)) return this.compute(op, a, b);
    if ((op === 6 && b === 0) || (op === 7 && a === 0)) return this.compute(op, a, b);
    let hi: number;
    switch (op) {
      case 0: hi = extendedSum(a, aLo, b, bLo); break;
      case 1: hi = extendedProduct(a, aLo, b, bLo); break;
      case 4: hi = extendedSum(a, aLo, -b, -bLo); break;
      case 5: hi = extendedSum(b, bLo, -a, -aLo); break;
      case 6: hi = extendedQuotient(a, aLo, b, bLo); break;
      default: hi = extendedQuotient(b, bLo, a, aLo); break;
    }
    if (hi === 0 && extended.low === 0 && extended.tail === 0) return op === 1 || op >= 6 ? hi : zeroSum(hi, 1, -1, this.roundingControl);
    return this.roundResult(hi, extended.low, 0, extended.tail);
  }

  /** The exact result of `op` on doubles a and b, as exactResult describes it. */
  private exact(op: number, a: number, b: number): number {
    switch (op) {
      case 0: return twoSum(a, b);
      case 1: return twoProduct(a, b);
      case 4: return twoSum(a, -b);
      case 5: return twoSum(b, -a);
      case 6: return this.quotient(a, b);
      default: return this.quotient(b, a);
    }
  }

  private compute(op: number, a: number, b: number): number {
    const hi = this.exact(op, a, b);
    if (hi !== hi) return this.nanResult(a, b);
    if (hi === 0 && exactResult.low === 0 && (op === 0 || op === 4 || op === 5)) {
      return zeroSum(hi, op === 5 ? b : a, op === 0 ? b : op === 4 ? -b : -a, this.roundingControl);
    }
    if (!Number.isFinite(hi) && Number.isFinite(a) && Number.isFinite(b) && (op < 6 || (op === 6 ? b : a) !== 0)) {
      return this.beyondDoubles(op, a, b);
    }
    return this.roundResult(hi, exactResult.low);
  }

  /**
   * A finite result beyond the double range (an extended register holds it): computed on
   * operands scaled toward 1 so that its rounding to 64 bits, and so PE and C1, are the
   * hardware's; the value kept is what roundExact makes of it (±Inf, or ±max rounding toward 0).
   */
  private beyondDoubles(op: number, a: number, b: number): number {
    const sum = op === 0 || op === 4 || op === 5;
    const ea = exponentOf(a), eb = exponentOf(b);
    const sa = sum ? Math.max(ea, eb) : ea, sb = sum ? sa : eb;
    // the binary exponents taken out of the result
    const shift = sum ? sa : op === 1 ? ea + eb : op === 6 ? ea - eb : eb - ea;
    const hi = this.exact(op, scaleBy(a, -sa), scaleBy(b, -sb));
    return this.roundResult(hi, exactResult.low, exactResult.scale - shift);
  }

  private quotient(a: number, b: number): number {
    if (b === 0 && a === a && a !== 0 && Number.isFinite(a)) this.statusBits |= ZE;
    return twoQuotient(a, b);
  }

  sqrt(): void {
    const x = this.st(0), xLow = this.low(0);
    if (x < 0 || x !== x) {
      this.setSt(0, x !== x ? this.nanResult(x, 0) : this.nanResult(0, 0));
      return;
    }
    if (x === 0 || x === Infinity) {
      this.setSt(0, x);
      return;
    }
    const hi = squareRoot(x, xLow, this.precision);
    this.setSt(0, this.roundResult(hi, fnValue.lo, fnValue.scaled, fnValue.tail), this.resultLow);
  }

  /** A real operand read from memory (`single`: an m32): denormals raise DE, signaling NaNs IE. */
  loadReal(v: number, single = false): number {
    if (v !== 0 && Math.abs(v) < (single ? 1.1754943508222875e-38 : 2.2250738585072014e-308)) this.statusBits |= DE;
    if (isSignaling(v)) {
      this.statusBits |= IE;
      return quiet(v);
    }
    return v;
  }

  /**
   * fcom/fucom: C3 C2 C0 = 000 (>), 001 (<), 100 (=), 111 (unordered). `signalQuiet`:
   * any NaN is invalid (fcom); otherwise only signaling NaNs (fucom).
   */
  compare(a: number, b: number, signalQuiet: boolean, aLow = 0, bLow = 0): void {
    let cc: number;
    if (a !== a || b !== b) {
      cc = C3 | C2 | C0;
      if (signalQuiet || isSignaling(a) || isSignaling(b)) this.statusBits |= IE;
    } else if (a > b || (a === b && aLow > bLow)) cc = 0;
    else if (a < b || (a === b && aLow < bLow)) cc = C0;
    else cc = C3;
    this.statusBits = (this.statusBits & ~CONDITION) | cc;
  }

  /** fcomi/fucomi: EFLAGS ZF PF CF bits. */
  compareFlags(a: number, b: number, signalQuiet: boolean, aLow = 0, bLow = 0): number {
    this.statusBits &= ~C1;
    if (a !== a || b !== b) {
      if (signalQuiet || isSignaling(a) || isSignaling(b)) this.statusBits |= IE;
      return 0x45;
    }
    if (a === b) return aLow > bLow ? 0 : aLow < bLow ? 1 : 0x40;
    return a > b ? 0 : 1;
  }

  /** fxam: class of ST(0) in C3 C2 C0, sign in C1. */
  examine(): void {
    const p = this.phys(0);
    const v = this.regs[p];
    const sign = signOf(v) ? C1 : 0;
    let cc: number;
    if ((this.empty >> p) & 1) cc = C3 | C0;
    else if (v !== v) cc = C0;
    else if (!Number.isFinite(v)) cc = C2 | C0;
    else if (v === 0) cc = C3;
    else cc = C2;
    this.statusBits = (this.statusBits & ~CONDITION) | cc | sign;
  }

  /** Rounds to an integer by the rounding-control field (or `rc`). */
  roundInt(v: number, rc = this.roundingControl): number {
    switch (rc) {
      case RC_DOWN: return Math.floor(v);
      case RC_UP: return Math.ceil(v);
      case RC_ZERO: return Math.trunc(v);
      default: {
        const r = Math.round(v);
        return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
    }
  }

  /** The integer nearest by `rc` to v + lo (|lo| below half an ulp of v). */
  private roundIntExtended(v: number, lo: number, rc: number): number {
    const r = this.roundInt(v, rc);
    if (lo === 0) return r;
    if (Number.isInteger(v)) {
      if (rc === RC_DOWN) return lo < 0 ? v - 1 : v;
      if (rc === RC_UP) return lo > 0 ? v + 1 : v;
      if (rc === RC_ZERO) return (v > 0 && lo < 0) || (v < 0 && lo > 0) ? v - Math.sign(v) : v;
      if (Math.abs(lo) < 0.5) return v;
      return Math.abs(v) % 2 === 0 ? v : v + Math.sign(lo);
    }
    if (rc === RC_NEAREST && Math.abs(v - Math.trunc(v)) === 0.5) return lo > 0 ? Math.ceil(v) : Math.floor(v);
    return r;
  }

  /** Inexact (PE) and rounded-up (C1) flags of an integer result r for v + lo. */
  private noteIntegerRounding(r: number, v: number, lo: number): void {
    this.statusBits &= ~C1;
    if (r === v && lo === 0) return;
    const up = Math.abs(r) > Math.abs(v) || (r === v && (lo < 0) === (v > 0));
    this.statusBits |= PE | (up ? C1 : 0);
  }

  /** frndint. */
  roundToInteger(): void {
    const v = this.st(0), lo = this.low(0);
    if (v !== v || !Number.isFinite(v)) {
      this.setSt(0, v !== v ? this.nanResult(v, 0) : v);
      return;
    }
    const r = this.roundIntExtended(v, lo, this.roundingControl);
    this.noteIntegerRounding(r, v, lo);
    this.setSt(0, r === 0 && v < 0 ? -0 : r);
  }

  /** Integer for fist/fistp/fisttp of `bits` width; out of range gives the indefinite. */
  toInteger(v: number, bits: number, truncate: boolean, lo = 0): number {
    const limit = 2 ** (bits - 1);
    this.statusBits &= ~C1;
    if (v !== v) {
      this.statusBits |= IE;
      return -limit;
    }
    const r = this.roundIntExtended(v, lo, truncate ? RC_ZERO : this.roundingControl);
    if (!(r >= -limit && r < limit)) {
      this.statusBits |= IE;
      return -limit;
    }
    this.noteIntegerRounding(r, v, lo);
    return r;
  }

  /**
   * ST(0) as an integer of up to 64 bits (fistp m64, fisttp m64, fbstp) rounded by RC or
   * truncated; null when it does not fit `limit` (IE set; the caller stores the indefinite).
   */
  toBigInteger(truncate: boolean, limit: bigint): bigint | null {
    const v = this.st(0), lo = this.low(0);
    this.statusBits &= ~C1;
    if (v !== v || !Number.isFinite(v) || Math.abs(v) >= 2 ** 64) {
      this.statusBits |= IE;
      return null;
    }
    if (Math.abs(v) < 2 ** 52 && lo === 0) {
      const r = this.roundIntExtended(v, 0, truncate ? RC_ZERO : this.roundingControl);
      this.noteIntegerRounding(r, v, 0);
      return BigInt(r);
    }
    const { value: scaled, fractionBits } = exactRegister(v, lo);
    const unit = 1n << BigInt(fractionBits);
    const rc = truncate ? RC_ZERO : this.roundingControl;
    let q = scaled / unit;
    const rem = scaled - q * unit;
    if (rem !== 0n) {
      const negative = scaled < 0n;
      const twiceRem = 2n * (rem < 0n ? -rem : rem);
      let away: boolean;
      if (rc === RC_ZERO) away = false;
      else if (rc === RC_DOWN) away = negative;
      else if (rc === RC_UP) away = !negative;
      else away = twiceRem > unit || (twiceRem === unit && (q & 1n) !== 0n);
      if (away) q += negative ? -1n : 1n;
      this.statusBits |= PE | (away ? C1 : 0);
    }
    if (q >= limit || q < -limit) {
      this.statusBits = (this.statusBits & ~(PE | C1)) | IE;
      return null;
    }
    return q;
  }

  /** Single-precision bits of ST(0) rounded by RC (fst m32). */
  toSingleValue(v: number, lo = 0): number {
    if (v !== v) {
      if (isSignaling(v)) this.statusBits |= IE;
      return quiet(v);
    }
    const r = roundToSingle(v, lo, this.roundingControl);
    this.noteRounding();
    if (rounded.overflow) this.statusBits |= OE | PE;
    if (rounded.underflow && rounded.inexact) this.statusBits |= UE;
    return r;
  }

  /** Value stored by fst m64: signaling NaNs are quieted (IE). */
  toDoubleValue(v: number, lo = 0): number {
    this.statusBits &= ~C1;
    if (isSignaling(v)) {
      this.statusBits |= IE;
      return quiet(v);
    }
    if (lo === 0) return v;
    const r = roundExact(v, lo, 53, this.roundingControl);
    this.noteRounding();
    return r;
  }

  fscale(): void {
    const x = this.st(0), y = this.st(1);
    if (x !== x || y !== y) {
      this.setSt(0, this.nanResult(x, y));
      return;
    }
    if ((x === 0 && y === Infinity) || (!Number.isFinite(x) && y === -Infinity)) {
      this.setSt(0, this.nanResult(0, 0));
      return;
    }
    if (x === 0 || !Number.isFinite(x)) return;
    if (!Number.isFinite(y)) {
      this.setSt(0, y > 0 ? x * Infinity : x * 0);
      return;
    }
    const n = Math.max(-40000, Math.min(40000, this.roundIntExtended(y, this.low(1), RC_ZERO)));
    const e = exponent(x) + n;
    this.statusBits &= ~C1;
    if (e > 16383 || e < -16445) {
      // beyond the extended range, rounded by RC as IEEE says (measured): overflow to ±∞ or
      // the largest value, underflow to ±0 or the smallest; C1 when away from zero (here the
      // largest and smallest doubles stand for the extended ones)
      const rc = this.roundingControl, negative = x < 0;
      const overflow = e > 16383;
      const away = overflow ? rc === RC_NEAREST || rc === (negative ? RC_DOWN : RC_UP) : rc === (negative ? RC_DOWN : RC_UP);
      const magnitude = overflow ? (away ? Infinity : Number.MAX_VALUE) : (away ? Number.MIN_VALUE : 0);
      this.statusBits |= (overflow ? OE : UE) | PE | (away ? C1 : 0);
      this.setSt(0, negative ? -magnitude : magnitude);
    } else {
      this.setSt(0, scaleBy(x, n), scaleBy(this.low(0), n));
    }
  }

  /** fprem and fprem1 (`nearest`), see x87-remainder.ts: C0 C3 C1 = quotient bits, or C2 = 1. */
  partialRemainder(nearest: boolean): void {
    const a = this.st(0), b = this.st(1);
    if (a !== a || b !== b || !Number.isFinite(a) || b === 0) {
      this.setSt(0, this.nanResult(a !== a ? a : b === b ? 0 : b, b === b ? 0 : b));
      return;
    }
    if (a === 0 || !Number.isFinite(b)) {
      this.statusBits &= ~CONDITION;
      return;
    }
    const r = partialRemainder(a, this.low(0), b, this.low(1), nearest);
    const q = quotientBits.q;
    const cc = q < 0 ? C2 : (q & 1 ? C1 : 0) | (q & 2 ? C3 : 0) | (q & 4 ? C0 : 0);
    this.statusBits = (this.statusBits & ~CONDITION) | cc;
    this.setSt(0, r, fnValue.lo);
  }

  /** fxtract: ST(0) becomes the exponent, then the significand is pushed. */
  extract(): void {
    if (this.overflowsReplacingPush()) return;
    const x = this.st(0);
    if (x !== x) {
      const n = this.nanResult(x, 0);
      this.setSt(0, n);
      this.push(n);
      return;
    }
    if (x === 0) {
      this.statusBits |= ZE;
      this.setSt(0, -Infinity);
      this.push(x);
      return;
    }
    if (!Number.isFinite(x)) {
      this.setSt(0, Infinity);
      this.push(x);
      return;
    }
    // all 64 bits: a power-of-two hi whose low part pulls it below lies in the binade below
    const lo = this.low(0);
    let e = exponent(x);
    if (lo !== 0 && (lo < 0) !== (x < 0) && Math.abs(scaleBy(x, -e)) === 1) e--;
    this.setSt(0, e);
    this.push(scaleBy(x, -e), scaleBy(lo, -e));
  }

  // ---- state ---------------------------------------------------------------------------

  save(): FpuState {
    return {
      control: this.control, status: this.status, tag: this.tagWord(),
      regs: Array.from(this.regs), bits: Array.from(new Uint32Array(this.regs.buffer)), low: Array.from(this.lows),
      mmx: Array.from(this.mmx), mmxMask: this.mmxMask,
    };
  }

  load(s: FpuState): void {
    this.control = s.control;
    this.status = s.status;
    this.setTagWord(s.tag);
    if (s.bits !== undefined) new Uint32Array(this.regs.buffer).set(s.bits);
    else this.regs.set(s.regs);
    this.lows.fill(0);
    if (s.low !== undefined) this.lows.set(s.low);
    this.mmx.set(s.mmx);
    this.mmxMask = s.mmxMask;
  }
}
