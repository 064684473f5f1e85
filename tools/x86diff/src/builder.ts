import { ARITH_FLAGS, DATA_BASE, DF, WINDOW } from "./layout.ts";
import type { StateKind } from "./golden-format.ts";
import { emptyState, type MachineState } from "./machine-state.ts";
import { memoryFromSeed, Rng } from "./rng.ts";

/**
 * How results are compared (tests/x86/diff/compare.ts):
 * - Exact: every defined bit must match.
 * - Transcendental: x87 fsin, fptan, f2xm1, fyl2x …: results must match like any other, but
 *   C1 (round-up) is not compared. The hardware's 64-bit results are not always the nearest
 *   64-bit value of the exact result (measured: within 0.6 ulp, 1–4% one ulp away), the
 *   core's are, so the two may round in different directions.
 */
export const Policy = { Exact: 0, Transcendental: 1 } as const;
export type Policy = (typeof Policy)[keyof typeof Policy];

/** One generated case before it is assembled and run. */
export interface CaseSpec {
  asm: string;
  init: MachineState;
  /** EFLAGS bits left undefined by the snippet (not compared). */
  flagsUndef: number;
  /** x87 status word bits left undefined (not compared). */
  fswUndef: number;
  /** Bit i: general register i holds an undefined value afterwards (not compared). */
  gprUndef: number;
  policy: Policy;
  memSeed: number;
}

export const R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
export const R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] as const;
export const R8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"] as const;
export type Width = 8 | 16 | 32;
export const SIZE_WORD: Record<number, string> = { 1: "byte", 2: "word", 4: "dword", 8: "qword", 10: "tword", 16: "oword" };
/** The top of the stack area a case starts with; pushes go below, pops read above. */
export const STACK_TOP = DATA_BASE + 0x1c0;

export function regName(width: Width, i: number): string {
  const names = width === 32 ? R32 : width === 16 ? R16 : R8;
  const n = names[i];
  if (n === undefined) throw new Error(`no register ${i}`);
  return n;
}

export function hex(n: number): string {
  return n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/**
 * Collects the lines and initial state of one case. Registers that hold an address (or a
 * value a form depends on) are pinned so later choices do not overwrite them.
 */
export class CaseBuilder {
  readonly state: MachineState = emptyState();
  readonly lines: string[] = [];
  flagsUndef = 0;
  fswUndef = 0;
  gprUndef = 0;
  policy: Policy = Policy.Exact;
  readonly memSeed: number;
  private pinned = 1 << 4; // ESP stays in the window unless a form frees it
  private written = 0; // registers an earlier instruction of the case writes

  constructor(readonly rng: Rng) {
    this.memSeed = rng.u32();
    this.state.mem.set(memoryFromSeed(this.memSeed, WINDOW));
    for (let i = 0; i < 8; i++) this.state.gpr[i] = rng.interesting32();
    this.state.gpr[4] = STACK_TOP;
    this.state.eflags = 0x2 | (rng.u32() & ARITH_FLAGS) | (rng.chance(0.2) ? DF : 0);
  }

  emit(line: string): void {
    this.lines.push(line);
  }

  isPinned(i: number): boolean {
    return ((this.pinned >> i) & 1) !== 0;
  }

  pin(i: number, value?: number): void {
    this.pinned |= 1 << i;
    if (value !== undefined) this.state.gpr[i] = value >>> 0;
  }

  /** Lets ESP take any value (forms that do not touch the stack). */
  freeEsp(): void {
    this.pinned &= ~(1 << 4);
    this.state.gpr[4] = this.rng.interesting32();
  }

  /** A register index not pinned (any register when `allowPinned`). */
  anyReg(allowPinned = true): number {
    for (;;) {
      const i = this.rng.below(8);
      if (allowPinned || !this.isPinned(i)) return i;
    }
  }

  /** A register of `width` (8-bit names map ah..bh onto registers 0..3). */
  reg(width: Width, allowPinned = true): string {
    if (width !== 8) return regName(width, this.anyReg(allowPinned));
    for (;;) {
      const i = this.rng.below(8);
      if (allowPinned || !this.isPinned(i & 3)) return regName(8, i);
    }
  }

  /**
   * A destination register of `width`: never one holding an address, and remembered so that
   * later instructions of the case do not take it as an address register.
   */
  dest(width: Width): string {
    const name = this.reg(width, false);
    this.written |= 1 << CaseBuilder.regIndex(name);
    return name;
  }

  /** A free register (not pinned, not written before), pinned to `value`. */
  pinnedReg(value: number, exclude: number[] = []): number {
    for (;;) {
      const i = this.anyReg(false);
      if (exclude.includes(i) || ((this.written >> i) & 1) !== 0) continue;
      this.pin(i, value);
      return i;
    }
  }

  /** Writes `value` into the register called `name` (al..bh, ax..di, eax..edi). */
  setReg(name: string, value: number): void {
    const i8 = (R8 as readonly string[]).indexOf(name);
    const i16 = (R16 as readonly string[]).indexOf(name);
    const i32 = (R32 as readonly string[]).indexOf(name);
    const g = this.state.gpr;
    if (i32 >= 0) g[i32] = value >>> 0;
    else if (i16 >= 0) g[i16] = ((g[i16] ?? 0) & 0xffff0000) | (value & 0xffff);
    else if (i8 >= 4) g[i8 - 4] = ((g[i8 - 4] ?? 0) & 0xffff00ff) | ((value & 0xff) << 8);
    else if (i8 >= 0) g[i8] = ((g[i8] ?? 0) & 0xffffff00) | (value & 0xff);
    else throw new Error(`setReg: unknown register ${name}`);
  }

  /** Index of the 32-bit register that holds the register called `name`. */
  static regIndex(name: string): number {
    for (const names of [R32, R16] as const) {
      const i = (names as readonly string[]).indexOf(name);
      if (i >= 0) return i;
    }
    const i8 = (R8 as readonly string[]).indexOf(name);
    if (i8 < 0) throw new Error(`regIndex: unknown register ${name}`);
    return i8 & 3;
  }

  imm(width: Width): number {
    const v = this.rng.interesting32();
    return width === 32 ? v : v & ((1 << width) - 1);
  }

  /** An in-window byte offset for an operand of `size` bytes aligned to `align`. */
  target(size: number, align = 1, limit = WINDOW - 0x40): number {
    const slots = Math.floor((limit - size) / align);
    return this.rng.below(slots + 1) * align;
  }

  /**
   * A memory operand addressing window offset `offset`, in one of the ModRM/SIB forms, with
   * base and index registers pinned to the values that make the address.
   */
  addressing(offset: number): string {
    const addr = DATA_BASE + offset;
    const form = this.rng.below(8);
    const disp8 = this.rng.range(-128, 127);
    const disp32 = this.rng.chance(0.5) ? this.rng.u32() | 0 : this.rng.range(-4096, 4096);
    const scale = this.rng.pick([1, 2, 4, 8]);
    const index = (): [number, number] => {
      const v = this.rng.below(16);
      return [this.pinnedReg(v, [4]), v];
    };
    switch (form) {
      case 0:
        return `[${hex(addr)}]`;
      case 1:
        return `[${R32[this.pinnedReg(addr)]}]`;
      case 2:
        return `[${R32[this.pinnedReg(addr - disp8)]}${disp8 < 0 ? "" : "+"}${disp8}]`;
      case 3:
        return `[dword ${R32[this.pinnedReg(addr - disp32)]}+${hex(disp32 >>> 0)}]`;
      case 4: {
        const [i, v] = index();
        return `[${R32[this.pinnedReg(addr - v * scale)]}+${R32[i]}*${scale}]`;
      }
      case 5: {
        const [i, v] = index();
        return `[${R32[this.pinnedReg(addr - v * scale - disp8)]}+${R32[i]}*${scale}${disp8 < 0 ? "" : "+"}${disp8}]`;
      }
      case 6: {
        const [i, v] = index();
        return `[dword ${R32[this.pinnedReg(addr - v * scale - disp32)]}+${R32[i]}*${scale}+${hex(disp32 >>> 0)}]`;
      }
      default: {
        const [i, v] = index();
        return `[nosplit ${R32[i]}*${scale}+${hex((addr - v * scale) >>> 0)}]`;
      }
    }
  }

  /** A sized memory operand whose bytes are set to `bytes` (an FP value, a packed vector). */
  memWith(bytes: Uint8Array, align = 1): string {
    const offset = this.target(bytes.length, align);
    this.state.mem.set(bytes, offset);
    return `${SIZE_WORD[bytes.length]} ${this.addressing(offset)}`;
  }

  /** A sized memory operand (`dword [ebx+4]`) at a random in-window offset. */
  mem(size: number, align = 1): string {
    return `${SIZE_WORD[size]} ${this.addressing(this.target(size, align))}`;
  }

  /**
   * Clears the SIMD registers the snippet does not name, so the goldens stay small (their
   * contents cannot matter to the result; MMX registers keep their tag and exponent, and only
   * MMX groups hold MMX values in the x87 registers).
   */
  private dropUnusedVectors(mmx: boolean): void {
    const asm = this.lines.join("\n");
    for (let r = 0; r < 8; r++) {
      if (!new RegExp(`\\bxmm${r}\\b`).test(asm)) this.state.xmm.fill(0, 16 * r, 16 * r + 16);
      if (mmx && !new RegExp(`\\bmm${r}\\b`).test(asm)) this.state.st.fill(0, 10 * r, 10 * r + 8);
    }
  }

  build(kind: StateKind): CaseSpec {
    this.dropUnusedVectors(kind === "mmx");
    return {
      asm: this.lines.join("\n"),
      init: this.state,
      flagsUndef: this.flagsUndef,
      fswUndef: this.fswUndef,
      gprUndef: this.gprUndef,
      policy: this.policy,
      memSeed: this.memSeed,
    };
  }
}
