import type { FpuState } from "./types.ts";

/** Tag values of the full tag word. */
const TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3;
/** Status word bits. */
const IE = 0x1, ZE = 0x4, SF = 0x40, C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;
const CONDITION = C0 | C1 | C2 | C3;

const bits = new Float64Array(1);
const bitsHi = new Int32Array(bits.buffer, 4, 1);
/** The x87 default NaN ("real indefinite"): negative quiet NaN, 0xfff8000000000000. */
bitsHi[0] = 0xfff80000 | 0;
export const DEFAULT_NAN = bits[0];

/** Sign bit of a double, NaNs included. */
export function signOf(v: number): boolean {
  bits[0] = v;
  return bitsHi[0] < 0;
}

/**
 * The x87 FPU: register file and operations. Registers are JS doubles (README, "x87
 * precision"): arithmetic rounds to double, or to single when PC = 24-bit. Exceptions are
 * always masked: invalid operations give the default NaN and set IE (with SF for stack
 * faults), division by zero sets ZE. MMX instructions store raw 64-bit values in `mmx` and
 * mark the register in `mmxMask`.
 */
export class Fpu {
  readonly regs = new Float64Array(8);
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

  setSt(i: number, v: number): void {
    const p = this.phys(i);
    this.regs[p] = this.round(v);
    this.empty &= ~(1 << p);
    this.mmxMask &= ~(1 << p);
  }

  push(v: number): void {
    this.top = (this.top - 1) & 7;
    if (((this.empty >> this.top) & 1) === 0) {
      this.statusBits |= IE | SF | C1;
      v = DEFAULT_NAN;
    }
    this.setSt(0, v);
  }

  pop(): void {
    this.empty |= 1 << this.top;
    this.top = (this.top + 1) & 7;
  }

  /** Rounds a result to the precision-control width (24-bit: single; otherwise double). */
  private round(v: number): number {
    return ((this.control >> 8) & 3) === 0 ? Math.fround(v) : v;
  }

  reset(): void {
    this.control = 0x37f;
    this.statusBits = 0;
    this.top = 0;
    this.empty = 0xff;
    this.mmxMask = 0;
  }

  // ---- arithmetic -----------------------------------------------------------------------

  /**
   * ST(dst) = ST(dst) op src for op 0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr
   * (2 and 3, fcom/fcomp, compare instead). `pop` pops after.
   */
  arith(op: number, dst: number, src: number, pop: boolean): void {
    const a = this.st(dst);
    let r: number;
    switch (op) {
      case 0: r = a + src; break;
      case 1: r = a * src; break;
      case 2: case 3: this.compare(a, src); if (op === 3) this.pop(); if (pop) this.pop(); return;
      case 4: r = a - src; break;
      case 5: r = src - a; break;
      case 6: r = this.divide(a, src); break;
      default: r = this.divide(src, a); break;
    }
    if (r !== r && a === a && src === src) {
      this.statusBits |= IE;
      r = DEFAULT_NAN;
    }
    this.setSt(dst, r);
    if (pop) this.pop();
  }

  private divide(a: number, b: number): number {
    if (b === 0 && a === a && a !== 0 && Number.isFinite(a)) this.statusBits |= ZE;
    return a / b;
  }

  /** fcom/fucom: C3 C2 C0 = 000 (>), 001 (<), 100 (=), 111 (unordered). */
  compare(a: number, b: number): void {
    let cc: number;
    if (a !== a || b !== b) cc = C3 | C2 | C0;
    else if (a > b) cc = 0;
    else if (a < b) cc = C0;
    else cc = C3;
    this.statusBits = (this.statusBits & ~CONDITION) | cc;
  }

  /** fcomi/fucomi: EFLAGS ZF PF CF bits. */
  compareFlags(a: number, b: number): number {
    if (a !== a || b !== b) return 0x45;
    return a > b ? 0 : a < b ? 1 : 0x40;
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
    else if (Math.abs(v) < 2.2250738585072014e-308) cc = C3 | C2;
    else cc = C2;
    this.statusBits = (this.statusBits & ~CONDITION) | cc | sign;
  }

  /** Rounds to an integer by the rounding-control field. */
  roundInt(v: number, rc = (this.control >> 10) & 3): number {
    switch (rc) {
      case 1: return Math.floor(v);
      case 2: return Math.ceil(v);
      case 3: return Math.trunc(v);
      default: {
        const r = Math.round(v);
        return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
    }
  }

  /** Integer for fist/fistp/fisttp of `bits` width; out of range gives the indefinite. */
  toInteger(v: number, bits: number, truncate: boolean): number {
    const r = this.roundInt(v, truncate ? 3 : undefined);
    const limit = 2 ** (bits - 1);
    if (!(r >= -limit && r < limit)) {
      this.statusBits |= IE;
      return -limit;
    }
    return r;
  }

  /** fsin, fcos, fptan, fsincos: operands beyond ±2^63 set C2 and are left unchanged. */
  trig(kind: "sin" | "cos" | "tan" | "sincos"): void {
    const x = this.st(0);
    if (Math.abs(x) >= 2 ** 63) {
      this.statusBits |= C2;
      return;
    }
    this.statusBits &= ~C2;
    if (kind === "sin") this.setSt(0, Math.sin(x));
    else if (kind === "cos") this.setSt(0, Math.cos(x));
    else if (kind === "tan") { this.setSt(0, Math.tan(x)); this.push(1); }
    else { this.setSt(0, Math.sin(x)); this.push(Math.cos(x)); }
  }

  /** fprem (truncating quotient) and fprem1 (round-to-nearest quotient). */
  partialRemainder(nearest: boolean): void {
    const a = this.st(0), b = this.st(1);
    const q = nearest ? this.roundInt(a / b, 0) : Math.trunc(a / b);
    const r = nearest ? a - q * b : a % b;
    const qa = Math.abs(q);
    const bits = (qa & 1 ? C1 : 0) | (qa & 2 ? C3 : 0) | (qa & 4 ? C0 : 0);
    this.statusBits = (this.statusBits & ~CONDITION) | (Number.isFinite(q) ? bits : 0);
    this.setSt(0, r);
  }

  /** fxtract: ST(0) becomes the exponent, then the significand is pushed. */
  extract(): void {
    const x = this.st(0);
    if (x === 0) {
      this.statusBits |= ZE;
      this.setSt(0, -Infinity);
      this.push(x);
      return;
    }
    if (!Number.isFinite(x)) {
      this.setSt(0, x !== x ? x : Infinity);
      this.push(x);
      return;
    }
    let e = Math.floor(Math.log2(Math.abs(x)));
    let m = x / 2 ** e;
    if (Math.abs(m) >= 2) { m /= 2; e += 1; }
    if (Math.abs(m) < 1) { m *= 2; e -= 1; }
    this.setSt(0, e);
    this.push(m);
  }

  // ---- state ---------------------------------------------------------------------------

  save(): FpuState {
    return {
      control: this.control, status: this.status, tag: this.tagWord(),
      regs: Array.from(this.regs), mmx: Array.from(this.mmx), mmxMask: this.mmxMask,
    };
  }

  load(s: FpuState): void {
    this.control = s.control;
    this.status = s.status;
    this.setTagWord(s.tag);
    this.regs.set(s.regs);
    this.mmx.set(s.mmx);
    this.mmxMask = s.mmxMask;
  }
}
