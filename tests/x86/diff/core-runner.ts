import { X86Core, type CoreState, type FpuState } from "../../../src/emu/x86/index.ts";
import { float80Low, readFloat80 } from "../../../src/emu/x86/float80.ts";
import { CODE_BASE, DATA_BASE, WINDOW } from "../../../tools/x86diff/src/layout.ts";
import { doubleCandidateBits, f80ToDouble } from "../../../tools/x86diff/src/f80.ts";
import type { MachineState } from "../../../tools/x86diff/src/machine-state.ts";

/** What the core did with one case. */
export interface CoreOutcome {
  state: CoreState;
  mem: Uint8Array;
  fault: number | null;
  eip: number;
  /** Set when the core did not stop at the end of the snippet nor fault in it. */
  problem: string | null;
}

const HLT = 0xf4;
const BUDGET = 100_000;
const MEMORY = DATA_BASE + 0x10000;

/** Full x87 tag of a double (00 valid, 01 zero, 10 special). */
function tagOf(v: number): number {
  if (v === 0) return 1;
  if (!Number.isFinite(v) || Math.abs(v) < 2 ** -1022) return 2;
  return 0;
}

/**
 * The core's x87 state for a case. FXSAVE images hold ST(i) in stack order and the abridged
 * tag by physical register; the core wants physical registers. Groups that work on MMX
 * registers load them as raw 64-bit values.
 */
export function fpuFromCase(s: MachineState, mmx: boolean): FpuState {
  const top = (s.fsw >> 11) & 7;
  const regs = new Array<number>(8).fill(0);
  const bits = new Array<number>(16).fill(0);
  const low = new Array<number>(8).fill(0);
  const raw = new Array<number>(16).fill(0);
  let tag = 0;
  let mmxMask = 0;
  const view = new DataView(s.st.buffer, s.st.byteOffset, 80);
  for (let i = 0; i < 8; i++) {
    const p = (top + i) & 7;
    const valid = ((s.ftw >> p) & 1) !== 0;
    const image = s.st.subarray(10 * i, 10 * i + 10);
    if (mmx) {
      raw[2 * p] = view.getUint32(10 * i, true);
      raw[2 * p + 1] = view.getUint32(10 * i + 4, true);
      if (valid) mmxMask |= 1 << p;
    } else {
      regs[p] = f80ToDouble(image);
      // the exact bits too: setState prefers them, and NaN payloads only travel this way
      const b = doubleCandidateBits(image)[0] ?? 0n;
      bits[2 * p] = Number(b & 0xffffffffn);
      bits[2 * p + 1] = Number(b >> 32n);
      // the rest of a 64-bit significand beyond the double (0 for the doubles of initial states)
      readFloat80(image, 0);
      low[p] = float80Low;
    }
    tag |= (valid ? (mmx ? 0 : tagOf(regs[p] ?? 0)) : 3) << (2 * p);
  }
  return { control: s.fcw, status: s.fsw, tag, regs, bits, low, mmx: raw, mmxMask };
}

export function xmmDwords(s: MachineState): number[] {
  const v = new DataView(s.xmm.buffer, s.xmm.byteOffset, 128);
  return Array.from({ length: 32 }, (_, i) => v.getUint32(4 * i, true));
}

/**
 * Runs cases on one core and one memory, reused from case to case: setState replaces every
 * register, the window and the code page are rewritten, and the code page is invalidated.
 */
export class CoreRunner {
  private readonly memory = { u8: new Uint8Array(MEMORY) };
  private readonly cpu = new X86Core(this.memory);

  run(code: Uint8Array, init: MachineState, mmx: boolean): CoreOutcome {
    const u8 = this.memory.u8;
    u8.fill(0, CODE_BASE, CODE_BASE + 0x100);
    u8.set(code, CODE_BASE);
    u8[CODE_BASE + code.length] = HLT;
    u8.fill(0, DATA_BASE, MEMORY);
    u8.set(init.mem, DATA_BASE);
    this.cpu.invalidatePhysical(CODE_BASE, 0x100);
    this.cpu.setState({
      gpr: Array.from(init.gpr),
      eip: CODE_BASE,
      eflags: init.eflags | 0x200,
      segments: [0x2b, 0x23, 0x2b, 0x2b, 0, 0].map((selector) => ({ selector, base: 0 })),
      fpu: fpuFromCase(init, mmx),
      xmm: xmmDwords(init),
      mxcsr: init.mxcsr,
    });
    const result = this.cpu.run(BUDGET);
    const state = this.cpu.getState();
    const mem = u8.slice(DATA_BASE, DATA_BASE + WINDOW);
    const end = CODE_BASE + code.length;
    if (result.kind === "fault") return { state, mem, fault: result.fault.vector, eip: state.eip, problem: null };
    if (result.kind === "hlt" && state.eip === end + 1) return { state, mem, fault: null, eip: end, problem: null };
    const detail = result.kind === "interrupt" ? ` vector ${result.vector}` : "";
    return { state, mem, fault: null, eip: state.eip, problem: `stopped with ${result.kind}${detail} at eip=0x${state.eip.toString(16)}` };
  }
}
