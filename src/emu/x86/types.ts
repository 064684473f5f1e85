/** Public types of the x86 core. */

/** The guest's physical memory as the board (or a test) provides it. */
export interface PhysicalMemory {
  readonly u8: Uint8Array;
}

/** General register indices, in ModRM encoding order. */
export const Reg = {
  EAX: 0, ECX: 1, EDX: 2, EBX: 3, ESP: 4, EBP: 5, ESI: 6, EDI: 7,
} as const;

/** Segment register indices, in ModRM sreg encoding order. */
export const Seg = {
  ES: 0, CS: 1, SS: 2, DS: 3, FS: 4, GS: 5,
} as const;

export type FaultInfo =
  | { name: "#DE"; vector: 0 }
  | { name: "#UD"; vector: 6; bytes: number[] }
  | { name: "#NM"; vector: 7 }
  | { name: "#GP"; vector: 13; errorCode: number }
  | {
      name: "#PF"; vector: 14; errorCode: number; address: number;
      access: "read" | "write" | "execute"; present: boolean;
    };

export type RunResult =
  | { kind: "budget"; executed: number }
  | { kind: "hlt"; executed: number }
  | { kind: "interrupt"; vector: number; executed: number }
  | { kind: "sysenter"; executed: number }
  | { kind: "fault"; fault: FaultInfo; executed: number };

export interface FpuState {
  control: number;
  /** Status word including TOP (bits 11..13). */
  status: number;
  /** Full 16-bit tag word. */
  tag: number;
  /** Physical registers R0..R7 as doubles (NaN payloads are lost in JS arrays and JSON). */
  regs: number[];
  /**
   * The same registers as exact bits: 16 uint32, low then high dword of each double. When
   * given to setState it takes precedence over `regs` (this is how NaN payloads travel).
   */
  bits?: number[];
  /**
   * Low parts of the physical registers: register i holds regs[i] + low[i] exactly (the
   * bits of a 64-bit-precision result beyond a double). Absent means all zero.
   */
  low?: number[];
  /** Raw 64-bit MMX contents of physical registers (lo, hi dword pairs). */
  mmx: number[];
  /** Bit i set: physical register i holds raw MMX bits rather than a double. */
  mmxMask: number;
}

export interface CoreState {
  gpr: number[];
  eip: number;
  eflags: number;
  segments: { selector: number; base: number }[];
  fpu: FpuState;
  /** XMM0..XMM7, four dwords each. */
  xmm: number[];
  mxcsr: number;
}

export interface PagingConfig {
  enabled: boolean;
  cr3?: number;
  /** CR4.PSE: 4 MiB pages when a directory entry has PS set. */
  pse?: boolean;
}
