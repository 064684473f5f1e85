import type { FpuState } from "./types.ts";

/** Tag values of the full tag word. */
const TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3;

/**
 * The x87 register file. Registers are JS doubles (see README, "x87 precision"). MMX
 * instructions store raw 64-bit values in `mmx` and mark the register in `mmxMask`; an x87
 * read of such a register sees the value hardware would (exponent all ones: a NaN).
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
    if ((this.mmxMask >> i) & 1) return TAG_VALID;
    const v = this.regs[i];
    if (v === 0) return TAG_ZERO;
    if (!Number.isFinite(v) || Math.abs(v) < 2.2250738585072014e-308) return TAG_SPECIAL;
    return TAG_VALID;
  }

  /** ST(i) as a double. */
  st(i: number): number {
    return this.regs[(this.top + i) & 7];
  }

  setSt(i: number, v: number): void {
    const p = (this.top + i) & 7;
    this.regs[p] = v;
    this.empty &= ~(1 << p);
    this.mmxMask &= ~(1 << p);
  }

  push(v: number): void {
    this.top = (this.top - 1) & 7;
    this.setSt(0, v);
  }

  reset(): void {
    this.control = 0x37f;
    this.statusBits = 0;
    this.top = 0;
    this.empty = 0xff;
    this.mmxMask = 0;
  }

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
