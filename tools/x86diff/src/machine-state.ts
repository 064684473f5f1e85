import { FX, STATE, WINDOW } from "./layout.ts";

/**
 * The architectural state a case sets and compares: general registers, EFLAGS, x87 control,
 * status and (abridged) tag words, the eight x87/MMX registers as 80-bit images in stack
 * order ST(0)..ST(7), MXCSR, XMM0..7 and the data window.
 */
export interface MachineState {
  gpr: Uint32Array;
  eflags: number;
  fcw: number;
  fsw: number;
  /** Abridged tag word as FXSAVE stores it: bit i set = physical register i is not empty. */
  ftw: number;
  mxcsr: number;
  /** 8 × 10 bytes, ST(i) at 10·i. */
  st: Uint8Array;
  /** 8 × 16 bytes, XMMi at 16·i. */
  xmm: Uint8Array;
  mem: Uint8Array;
}

/** How a snippet ended: normally at its last byte, or faulting with the precise state. */
export interface Outcome {
  state: MachineState;
  fault: number | null;
  eip: number;
}

export function emptyState(): MachineState {
  return {
    gpr: new Uint32Array(8),
    eflags: 0x2,
    fcw: 0x37f,
    fsw: 0,
    ftw: 0,
    mxcsr: 0x1f80,
    st: new Uint8Array(80),
    xmm: new Uint8Array(128),
    mem: new Uint8Array(WINDOW),
  };
}

export function cloneState(s: MachineState): MachineState {
  return { ...s, gpr: s.gpr.slice(), st: s.st.slice(), xmm: s.xmm.slice(), mem: s.mem.slice() };
}

/** Serialises a state into the runner's `struct state` (faulted/vector/eip left zero). */
export function writeRunnerState(s: MachineState, out: Uint8Array): void {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  s.gpr.forEach((r, i) => v.setUint32(STATE.gpr + 4 * i, r, true));
  v.setUint32(STATE.eflags, s.eflags, true);
  v.setUint16(STATE.fx + FX.fcw, s.fcw, true);
  v.setUint16(STATE.fx + FX.fsw, s.fsw, true);
  v.setUint8(STATE.fx + FX.ftw, s.ftw);
  v.setUint32(STATE.fx + FX.mxcsr, s.mxcsr, true);
  for (let i = 0; i < 8; i++) {
    out.set(s.st.subarray(10 * i, 10 * i + 10), STATE.fx + FX.st + 16 * i);
    out.set(s.xmm.subarray(16 * i, 16 * i + 16), STATE.fx + FX.xmm + 16 * i);
  }
  out.set(s.mem, STATE.mem);
}

/** Reads one runner result record. */
export function readRunnerOutcome(rec: Uint8Array): Outcome {
  const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const s = emptyState();
  for (let i = 0; i < 8; i++) s.gpr[i] = v.getUint32(STATE.gpr + 4 * i, true);
  s.eflags = v.getUint32(STATE.eflags, true);
  s.fcw = v.getUint16(STATE.fx + FX.fcw, true);
  s.fsw = v.getUint16(STATE.fx + FX.fsw, true);
  s.ftw = v.getUint8(STATE.fx + FX.ftw);
  s.mxcsr = v.getUint32(STATE.fx + FX.mxcsr, true);
  for (let i = 0; i < 8; i++) {
    s.st.set(rec.subarray(STATE.fx + FX.st + 16 * i, STATE.fx + FX.st + 16 * i + 10), 10 * i);
    s.xmm.set(rec.subarray(STATE.fx + FX.xmm + 16 * i, STATE.fx + FX.xmm + 16 * i + 16), 16 * i);
  }
  s.mem.set(rec.subarray(STATE.mem, STATE.mem + WINDOW));
  const faulted = v.getUint32(STATE.faulted, true) !== 0;
  return { state: s, fault: faulted ? v.getUint32(STATE.vector, true) : null, eip: v.getUint32(STATE.eip, true) };
}
