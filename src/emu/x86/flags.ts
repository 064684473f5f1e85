/**
 * EFLAGS with lazy evaluation of the six arithmetic flags. Arithmetic instructions record
 * the operation, its operands and result (`fop`, `fa`, `fb`, `fr`, `fcin`); flags are
 * computed only when read. Instructions whose flags are awkward to express lazily (shifts,
 * multiplies, bit scans ...) compute them at once and record `fop = EAGER`, keeping the
 * values in `flagBits`.
 */

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, TF = 0x100, IF = 0x200;
export const DF = 0x400, OF = 0x800, ID = 0x200000, AC = 0x40000;
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/** Flags user code may change with popf (IOPL, IF, VM, RF are privileged or fixed). */
export const USER_WRITABLE_FLAGS = ARITH_FLAGS | TF | DF | AC | ID;

/**
 * Lazy operation kinds (low nibble of `fop`). SHL/SHR/SAR record fa = operand, fb = count
 * (1..31), fr = result; MUL records fr = low half of the product and fcin = overflow.
 */
export const EAGER = 0, ADD = 1, ADC = 2, SUB = 3, SBB = 4, LOGIC = 5, INC = 6, DEC = 7;
export const SHL = 8, SHR = 9, SAR = 10, MUL = 11;
/** Operand size (high bits of `fop`). */
export const SZ32 = 0x00, SZ16 = 0x10, SZ8 = 0x20;

const MASK = [0xffffffff, 0xffff, 0xff];
const SIGN = [0x80000000, 0x8000, 0x80];
const WIDTH = [32, 16, 8];

export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let bits = 0;
  for (let b = i; b !== 0; b >>= 1) bits += b & 1;
  PARITY[i] = (bits & 1) === 0 ? PF : 0;
}

/** Size code for `fop` from an operand size in bytes. */
export function sizeCode(bytes: number): number {
  return bytes === 4 ? SZ32 : bytes === 2 ? SZ16 : SZ8;
}

export class LazyFlags {
  fop = EAGER;
  fa = 0;
  fb = 0;
  fr = 0;
  fcin = 0;
  /** EAGER arithmetic flags plus every non-arithmetic flag (DF, IF, ID, ...). */
  flagBits = 0x202;

  cf(): number {
    const op = this.fop & 15;
    const m = MASK[this.fop >> 4];
    switch (op) {
      case ADD: return ((this.fr & m) >>> 0) < ((this.fa & m) >>> 0) ? 1 : 0;
      case ADC: return this.fcin !== 0
        ? (((this.fr & m) >>> 0) <= ((this.fa & m) >>> 0) ? 1 : 0)
        : (((this.fr & m) >>> 0) < ((this.fa & m) >>> 0) ? 1 : 0);
      case SUB: return ((this.fa & m) >>> 0) < ((this.fb & m) >>> 0) ? 1 : 0;
      case SBB: return this.fcin !== 0
        ? (((this.fa & m) >>> 0) <= ((this.fb & m) >>> 0) ? 1 : 0)
        : (((this.fa & m) >>> 0) < ((this.fb & m) >>> 0) ? 1 : 0);
      case LOGIC: return 0;
      case INC: case DEC: case MUL: return this.fcin;
      case SHL: return this.fb <= WIDTH[this.fop >> 4] ? (this.fa >>> (WIDTH[this.fop >> 4] - this.fb)) & 1 : 0;
      case SHR: return this.fb <= WIDTH[this.fop >> 4] ? (this.fa >>> (this.fb - 1)) & 1 : 0;
      case SAR: return (this.fa >> Math.min(this.fb - 1, 31)) & 1;
      default: return this.flagBits & CF;
    }
  }

  zf(): boolean {
    if (this.fop === EAGER) return (this.flagBits & ZF) !== 0;
    return (this.fr & MASK[this.fop >> 4]) === 0;
  }

  sf(): boolean {
    if (this.fop === EAGER) return (this.flagBits & SF) !== 0;
    return (this.fr & SIGN[this.fop >> 4]) !== 0;
  }

  of(): boolean {
    const s = SIGN[this.fop >> 4];
    switch (this.fop & 15) {
      case ADD: case ADC: case INC: return ((this.fa ^ this.fr) & (this.fb ^ this.fr) & s) !== 0;
      case SUB: case SBB: case DEC: return ((this.fa ^ this.fb) & (this.fa ^ this.fr) & s) !== 0;
      case LOGIC: case SAR: return false;
      case MUL: return this.fcin !== 0;
      case SHL: return ((this.fr & s) !== 0) !== (this.cf() !== 0);
      case SHR: return (this.fa & s) !== 0;
      default: return (this.flagBits & OF) !== 0;
    }
  }

  pf(): boolean {
    if (this.fop === EAGER) return (this.flagBits & PF) !== 0;
    return PARITY[this.fr & 0xff] !== 0;
  }

  af(): boolean {
    const op = this.fop & 15;
    if (op === EAGER) return (this.flagBits & AF) !== 0;
    if (op === LOGIC || op >= SHL) return false;
    return ((this.fa ^ this.fb ^ this.fr) & 0x10) !== 0;
  }

  /** Condition code n (0..15, the low nibble of jcc/setcc/cmovcc). */
  cond(n: number): boolean {
    let v: boolean;
    switch (n >> 1) {
      case 0: v = this.of(); break;
      case 1: v = this.cf() !== 0; break;
      case 2: v = this.zf(); break;
      case 3: v = this.cf() !== 0 || this.zf(); break;
      case 4: v = this.sf(); break;
      case 5: v = this.pf(); break;
      case 6: v = this.sf() !== this.of(); break;
      default: v = this.zf() || this.sf() !== this.of(); break;
    }
    return (n & 1) === 0 ? v : !v;
  }

  /** The arithmetic flags as EFLAGS bits. */
  arithFlags(): number {
    if (this.fop === EAGER) return this.flagBits & ARITH_FLAGS;
    return this.cf() | (this.pf() ? PF : 0) | (this.af() ? AF : 0) | (this.zf() ? ZF : 0)
      | (this.sf() ? SF : 0) | (this.of() ? OF : 0);
  }

  getFlags(): number {
    return (this.flagBits & ~ARITH_FLAGS) | this.arithFlags() | 2;
  }

  setFlags(v: number): void {
    this.flagBits = (v & ~0x8028) | 2;
    this.fop = EAGER;
  }

  /** Replaces the arithmetic flags in `mask` by those of `bits`, leaving the others. */
  setArith(bits: number, mask = ARITH_FLAGS): void {
    const current = this.getFlags();
    this.flagBits = (current & ~mask) | (bits & mask);
    this.fop = EAGER;
  }
}
