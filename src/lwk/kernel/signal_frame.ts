// i386 signal frames as Linux builds them (arch/x86/kernel/signal.c, struct sigframe and
// struct rt_sigframe): the handler runs on the user stack with the interrupted registers
// in a struct sigcontext there, and returns through sa_restorer (or a retcode on the
// stack) into sigreturn / rt_sigreturn, which restore them. The x87/SSE state of the
// interrupted code is kept by the kernel, keyed by the frame's address, and the handler
// starts with a clean FPU, as on Linux.

import { Reg, Seg } from "../../emu/x86/types.ts";
import type { CoreState } from "../../emu/x86/types.ts";
import type { UserCore } from "../hal.ts";
import type { k_sigaction, siginfo, thread } from "./process.ts";
import { SS_DISABLE, SS_ONSTACK } from "./process.ts";
import { SA_ONSTACK, SA_RESTORER, SA_SIGINFO, sigset_from_words, sigset_words } from "./signal_defs.ts";
import { copy_from_user, copy_to_user } from "./uaccess.ts";

export const USER_CS = 0x73;
export const USER_DS = 0x7b;

const NR_SIGRETURN = 119;
const NR_RT_SIGRETURN = 173;

const SIGCONTEXT_SIZE = 88;
const FPSTATE_32_SIZE = 624;
const SIGINFO_SIZE = 128;
// struct sigframe: pretcode, sig, sc, fpstate_unused, extramask[1], retcode[8]
const SF_SC = 8;
const SF_EXTRAMASK = SF_SC + SIGCONTEXT_SIZE + FPSTATE_32_SIZE;
const SF_RETCODE = SF_EXTRAMASK + 4;
const SF_SIZE = SF_RETCODE + 8;
// struct rt_sigframe: pretcode, sig, pinfo, puc, info, uc {flags, link, stack, mcontext, sigmask}, retcode[8]
const RT_INFO = 16;
const RT_UC = RT_INFO + SIGINFO_SIZE;
const UC_STACK = 8;
const UC_MCONTEXT = 20;
const UC_SIGMASK = UC_MCONTEXT + SIGCONTEXT_SIZE;
const RT_RETCODE = RT_UC + UC_SIGMASK + 8;
const RT_SIZE = RT_RETCODE + 8;

/** popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
const SIGRETURN_CODE = [0x58, 0xb8, NR_SIGRETURN, 0, 0, 0, 0xcd, 0x80];
/** movl $__NR_rt_sigreturn, %eax; int $0x80 */
const RT_SIGRETURN_CODE = [0xb8, NR_RT_SIGRETURN, 0, 0, 0, 0xcd, 0x80, 0];

// Flags a signal handler may change in the interrupted context: CF PF AF ZF SF TF DF OF RF AC.
const FIX_EFLAGS = 0x50dd5;
const EFLAGS_TF = 0x100;
const EFLAGS_DF = 0x400;
const EFLAGS_RF = 0x10000;
/** At most this many interrupted FPU states are kept per thread (handlers that never return). */
const MAX_FP_FRAMES = 64;

export function fresh_fpu(): Pick<CoreState, "fpu" | "xmm" | "mxcsr"> {
  return {
    fpu: { control: 0x37f, status: 0, tag: 0xffff, regs: new Array(8).fill(0), mmx: new Array(16).fill(0), mmxMask: 0 },
    xmm: new Array(32).fill(0),
    mxcsr: 0x1f80,
  };
}

/** Base of the segment a selector names for this thread (its TLS entries, else flat). */
function selector_base(t: thread, selector: number): number {
  const entry = selector >> 3;
  return entry >= 6 && entry <= 8 ? (t.tls[entry - 6]?.base ?? 0) : 0;
}

function sigcontext_words(s: CoreState, oldmask: number, trapno: number, cr2: number): number[] {
  const g = s.gpr;
  const sel = (seg: number): number => s.segments[seg]!.selector & 0xffff;
  return [
    sel(Seg.GS), sel(Seg.FS), sel(Seg.ES), sel(Seg.DS),
    g[Reg.EDI]!, g[Reg.ESI]!, g[Reg.EBP]!, g[Reg.ESP]!, g[Reg.EBX]!, g[Reg.EDX]!, g[Reg.ECX]!, g[Reg.EAX]!,
    trapno, 0, s.eip, sel(Seg.CS), s.eflags, g[Reg.ESP]!, sel(Seg.SS), 0, oldmask, cr2,
  ];
}

export function siginfo_words(info: siginfo): number[] {
  const w = new Array(SIGINFO_SIZE / 4).fill(0);
  w[0] = info.signo;
  w[2] = info.code >>> 0;
  if (info.addr !== undefined) w[3] = info.addr;
  else {
    w[3] = info.pid ?? 0;
    w[4] = info.uid ?? 0;
  }
  return w;
}

function on_sig_stack(t: thread, sp: number): boolean {
  const ss = t.sigaltstack;
  return ss.flags !== SS_DISABLE && sp > ss.sp && sp - ss.sp <= ss.size;
}

function put_words(bytes: Uint8Array, at: number, words: readonly number[]): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  words.forEach((w, i) => dv.setUint32(at + i * 4, w >>> 0, true));
}

/** Builds the frame for sig on the thread's stack and points the core at the handler;
 * false when the stack cannot take it. */
export function setup_frame(t: thread, core: UserCore, sig: number, info: siginfo, act: k_sigaction, oldmask: bigint): boolean {
  const state = core.getState();
  let sp = state.gpr[Reg.ESP]!;
  const ss = t.sigaltstack;
  if (act.flags & SA_ONSTACK && ss.flags !== SS_DISABLE && !on_sig_stack(t, sp)) sp = ss.sp + ss.size;
  const rt = (act.flags & SA_SIGINFO) !== 0;
  const size = rt ? RT_SIZE : SF_SIZE;
  const frame = ((((sp - size) >>> 0) + 4) & ~15) - 4 >>> 0;
  const [maskLo, maskHi] = sigset_words(oldmask);
  const trapno = info.addr !== undefined && info.code > 0 ? 14 : 0;
  const sc = sigcontext_words(state, maskLo, trapno, info.addr ?? 0);
  const bytes = new Uint8Array(size);
  const retcodeAt = frame + (rt ? RT_RETCODE : SF_RETCODE);
  const pretcode = act.flags & SA_RESTORER ? act.restorer : retcodeAt;
  if (rt) {
    put_words(bytes, 0, [pretcode, sig, frame + RT_INFO, frame + RT_UC]);
    put_words(bytes, RT_INFO, siginfo_words(info));
    const onStack = on_sig_stack(t, state.gpr[Reg.ESP]!);
    put_words(bytes, RT_UC + UC_STACK, [ss.sp, onStack ? SS_ONSTACK : ss.flags, ss.size]);
    put_words(bytes, RT_UC + UC_MCONTEXT, sc);
    put_words(bytes, RT_UC + UC_SIGMASK, [maskLo, maskHi]);
    bytes.set(RT_SIGRETURN_CODE, RT_RETCODE);
  } else {
    put_words(bytes, 0, [pretcode, sig]);
    put_words(bytes, SF_SC, sc);
    put_words(bytes, SF_EXTRAMASK, [maskHi]);
    bytes.set(SIGRETURN_CODE, SF_RETCODE);
  }
  if (!copy_to_user(t.proc.vm, frame, bytes)) return false;
  t.fp_frames.set(frame, { fpu: state.fpu, xmm: state.xmm, mxcsr: state.mxcsr });
  if (t.fp_frames.size > MAX_FP_FRAMES) t.fp_frames.delete(Math.min(...t.fp_frames.keys()));
  const gpr = state.gpr;
  gpr[Reg.ESP] = frame;
  gpr[Reg.EAX] = sig;
  gpr[Reg.EDX] = rt ? frame + RT_INFO : 0;
  gpr[Reg.ECX] = rt ? frame + RT_UC : 0;
  const next: CoreState = {
    ...state,
    ...fresh_fpu(),
    gpr,
    eip: act.handler,
    eflags: state.eflags & ~(EFLAGS_TF | EFLAGS_DF | EFLAGS_RF),
    segments: state.segments.map((s, i) => {
      if (i === Seg.CS) return { selector: USER_CS, base: 0 };
      if (i === Seg.DS || i === Seg.ES || i === Seg.SS) return { selector: USER_DS, base: 0 };
      return s;
    }),
  };
  core.setState(next);
  return true;
}

/** Restores the registers saved at sc (and the FPU state kept for frame); the mask is the
 * caller's business. False when the context cannot be read. */
function restore_sigcontext(t: thread, core: UserCore, sc: number, frame: number): boolean {
  const bytes = copy_from_user(t.proc.vm, sc, SIGCONTEXT_SIZE);
  if (!bytes) return false;
  const dv = new DataView(bytes.buffer);
  const w = (i: number): number => dv.getUint32(i * 4, true);
  const state = core.getState();
  const seg = (selector: number): { selector: number; base: number } => ({ selector, base: selector_base(t, selector) });
  const gs = w(0) & 0xffff;
  const fs = w(1) & 0xffff;
  state.segments[Seg.GS] = seg(gs);
  state.segments[Seg.FS] = seg(fs);
  state.segments[Seg.ES] = { selector: USER_DS, base: 0 };
  state.segments[Seg.DS] = { selector: USER_DS, base: 0 };
  state.segments[Seg.SS] = { selector: USER_DS, base: 0 };
  state.segments[Seg.CS] = { selector: USER_CS, base: 0 };
  const g = state.gpr;
  [g[Reg.EDI], g[Reg.ESI], g[Reg.EBP], g[Reg.ESP], g[Reg.EBX], g[Reg.EDX], g[Reg.ECX], g[Reg.EAX]] =
    [w(4), w(5), w(6), w(7), w(8), w(9), w(10), w(11)];
  state.eip = w(14);
  state.eflags = ((state.eflags & ~FIX_EFLAGS) | (w(16) & FIX_EFLAGS)) >>> 0;
  const fp = t.fp_frames.get(frame);
  if (fp) Object.assign(state, fp);
  for (const key of [...t.fp_frames.keys()]) if (key <= frame) t.fp_frames.delete(key);
  core.setState(state);
  return true;
}

/** sigreturn: the non-RT frame starts 8 bytes below ESP (pretcode and sig were popped).
 * Returns the signal mask to restore, or undefined on a bad frame. */
export function restore_sigframe(t: thread, core: UserCore): bigint | undefined {
  const frame = (core.regs[Reg.ESP]! - 8) >>> 0;
  const lo = copy_from_user(t.proc.vm, frame + SF_SC + 20 * 4, 4);
  const hi = copy_from_user(t.proc.vm, frame + SF_EXTRAMASK, 4);
  if (!lo || !hi || !restore_sigcontext(t, core, frame + SF_SC, frame)) return undefined;
  return sigset_from_words(new DataView(lo.buffer).getUint32(0, true), new DataView(hi.buffer).getUint32(0, true));
}

/** rt_sigreturn: the RT frame starts 4 bytes below ESP (pretcode was popped). */
export function restore_rt_sigframe(t: thread, core: UserCore): bigint | undefined {
  const frame = (core.regs[Reg.ESP]! - 4) >>> 0;
  const mask = copy_from_user(t.proc.vm, frame + RT_UC + UC_SIGMASK, 8);
  if (!mask || !restore_sigcontext(t, core, frame + RT_UC + UC_MCONTEXT, frame)) return undefined;
  const dv = new DataView(mask.buffer);
  return sigset_from_words(dv.getUint32(0, true), dv.getUint32(4, true));
}
