import { generalProtection } from "./fault.ts";

/**
 * Decoding state of one instruction, and the vocabulary emitters use to turn it into
 * JavaScript source. Generated code sees: `c` (the core), `r` (Int32Array of the general
 * registers), `m` (the Mmu), `h` (runtime helpers). A memory operand's linear address is
 * computed once into the constant `a` (declared in `pre`).
 *
 * Value conventions in generated code: 8- and 16-bit reads are unsigned, 32-bit reads are
 * int32; writes mask/wrap their value.
 */
export class Decoder {
  readonly bytes: number[] = [];
  pos: number;
  opsize = 4;
  adsize32 = true;
  /** Segment override (Seg index) or -1. */
  seg = -1;
  /** 0, 0xf2 or 0xf3. */
  rep = 0;
  prefix66 = false;
  lock = false;
  /** Opcode byte, and whether it came from the 0F map (set by the dispatcher). */
  opcode = 0;
  twoByte = false;
  mod = 0;
  reg = 0;
  rm = 0;
  private hasModrm = false;
  /** Code placed before the instruction body (the memory operand address). */
  pre = "";
  /** Set by emitters of instructions that leave the block (they set c.eip themselves). */
  ends = false;
  /**
   * A direct branch (jcc, jmp): taken when `condition` (a code expression) holds. Lets the
   * block compiler turn a block that branches back to its own start into a loop.
   */
  branch: { condition: string; taken: number; fallThrough: number } | null = null;

  constructor(private readonly fetch: (linear: number) => number, readonly start: number) {
    this.pos = start;
  }

  byte(): number {
    if (this.bytes.length >= 15) throw generalProtection(0);
    const b = this.fetch(this.pos);
    this.bytes.push(b);
    this.pos = (this.pos + 1) | 0;
    return b;
  }

  imm8(): number { return this.byte(); }
  imm8s(): number { return (this.byte() << 24) >> 24; }
  imm16(): number { return this.byte() | (this.byte() << 8); }
  imm32(): number { return this.imm16() | (this.imm16() << 16); }
  /** Immediate of the operand size: 16-bit unsigned or 32-bit int32. */
  immv(): number { return this.opsize === 2 ? this.imm16() : this.imm32(); }

  /** Address of the next instruction (uint32). */
  get next(): number { return this.pos >>> 0; }

  get isMem(): boolean { return this.mod !== 3; }

  /** Effective address (offset, without segment base) of the memory operand. */
  offset = "";

  /**
   * Reads the ModRM byte (and SIB, displacement). For a memory operand, declares `a` (the
   * linear address) unless `declare` is false (lea, and pop with an ESP-based address).
   */
  modrm(declare = true): void {
    if (this.hasModrm) return;
    this.hasModrm = true;
    const b = this.byte();
    this.mod = b >> 6;
    this.reg = (b >> 3) & 7;
    this.rm = b & 7;
    if (this.mod === 3) return;
    this.offset = this.adsize32 ? this.address32() : this.address16();
    if (declare) this.pre += `const a=${this.linear(this.offset)};`;
  }

  /** Linear address expression for an offset expression, with the segment override. */
  linear(offset: string): string {
    return this.seg === 4 || this.seg === 5 ? `(${offset}+c.segBase[${this.seg}])|0` : offset;
  }

  /** Code that checks the memory operand is writable (before a helper sets flags). */
  writeCheck(size: number): string {
    return this.mod === 3 ? "" : `m.checkWrite(a,${size});`;
  }

  /** Fails decoding right here with #UD (used for undefined encodings). */
  undefinedOpcode(): never {
    throw new UndefinedEncoding(this.bytes.slice());
  }

  private address32(): string {
    const terms: string[] = [];
    let disp = 0;
    if (this.rm === 4) {
      const sib = this.byte();
      const scale = sib >> 6, index = (sib >> 3) & 7, base = sib & 7;
      if (base === 5 && this.mod === 0) disp = this.imm32();
      else terms.push(`r[${base}]`);
      if (index !== 4) terms.push(scale === 0 ? `r[${index}]` : `(r[${index}]<<${scale})`);
    } else if (this.rm === 5 && this.mod === 0) {
      disp = this.imm32();
    } else {
      terms.push(`r[${this.rm}]`);
    }
    if (this.mod === 1) disp = this.imm8s();
    else if (this.mod === 2) disp = this.imm32();
    if (disp !== 0 || terms.length === 0) terms.push(String(disp));
    if (terms.length === 1) return terms[0];
    return `(${terms.join("+")})|0`;
  }

  private address16(): string {
    const pairs = ["r[3]+r[6]", "r[3]+r[7]", "r[5]+r[6]", "r[5]+r[7]", "r[6]", "r[7]", "r[5]", "r[3]"];
    let base = pairs[this.rm];
    let disp = 0;
    if (this.mod === 0 && this.rm === 6) { base = ""; disp = this.imm16(); }
    else if (this.mod === 1) disp = this.imm8s();
    else if (this.mod === 2) disp = this.imm16();
    const sum = base === "" ? `${disp}` : `(${base.replace(/r\[(\d)\]/g, "(r[$1]&65535)")}+${disp})`;
    return `((${sum})&65535)`;
  }

  // ---- operand expressions ----------------------------------------------------------

  rmRead(size: number): string {
    return this.mod === 3 ? regRead(size, this.rm) : memRead(size, "a");
  }

  rmWrite(size: number, value: string): string {
    return this.mod === 3 ? regWrite(size, this.rm, value) : memWrite(size, "a", value);
  }

  regRead(size: number): string {
    return regRead(size, this.reg);
  }

  regWrite(size: number, value: string): string {
    return regWrite(size, this.reg, value);
  }
}

/** Thrown while decoding an encoding that is undefined; becomes a #UD at execution. */
export class UndefinedEncoding extends Error {
  constructor(readonly bytes: number[]) {
    super("undefined encoding");
  }
}

export function regRead(size: number, i: number): string {
  if (size === 4) return `r[${i}]`;
  if (size === 2) return `(r[${i}]&65535)`;
  return i < 4 ? `(r[${i}]&255)` : `((r[${i - 4}]>>8)&255)`;
}

export function regWrite(size: number, i: number, value: string): string {
  if (size === 4) return `r[${i}]=${value};`;
  if (size === 2) return `r[${i}]=(r[${i}]&-65536)|((${value})&65535);`;
  if (i < 4) return `r[${i}]=(r[${i}]&-256)|((${value})&255);`;
  return `r[${i - 4}]=(r[${i - 4}]&-65281)|(((${value})&255)<<8);`;
}

function memRead(size: number, addr: string): string {
  return `m.r${size * 8}(${addr})`;
}

function memWrite(size: number, addr: string, value: string): string {
  return `m.w${size * 8}(${addr},${value});`;
}

/** Sign-extends an operand-size value expression to int32. */
export function signExtend(size: number, value: string): string {
  if (size === 4) return `(${value})`;
  const shift = size === 2 ? 16 : 24;
  return `((${value})<<${shift}>>${shift})`;
}

export type Emitter = (d: Decoder) => string;

/** Undefined-opcode emitter for table gaps. */
export const undefinedOp: Emitter = (d) => d.undefinedOpcode();
