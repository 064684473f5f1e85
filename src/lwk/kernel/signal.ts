// Signals (McKernel's kernel/signal.c): generation (kill, tgkill, faults, Ctrl-C from
// mcexec), and delivery when a thread is about to return to user mode. A signal whose
// action is to terminate ends the process at once, whatever its threads are doing; one
// with a handler waits until the target thread returns to user mode (a thread in an
// offloaded call gets it after Linux answered; an interruptible sleep ends with EINTR).

import type { FaultInfo } from "../../emu/x86/types.ts";
import type { UserCore } from "../hal.ts";
import { EINTR } from "./errno.ts";
import { do_exit_group } from "./exit.ts";
import type { process, siginfo, thread } from "./process.ts";
import { thread_wakeup } from "./sched.ts";
import {
  FPE_INTDIV, ILL_ILLOPN, SA_NODEFER, SA_RESETHAND, SEGV_ACCERR, SEGV_MAPERR, SI_KERNEL, SIG_DFL, SIG_IGN, sig_default,
  sigbit, SIGFPE, SIGILL, SIGKILL, SIGSEGV, UNBLOCKABLE,
} from "./signal_defs.ts";
import { setup_frame } from "./signal_frame.ts";

function sig_ignored(proc: process, sig: number): boolean {
  const act = proc.sighand[sig]!;
  if (act.handler === SIG_IGN) return true;
  if (act.handler !== SIG_DFL) return false;
  const d = sig_default(sig);
  return d === "ignore" || d === "stop" || d === "continue";
}

function sig_fatal(proc: process, sig: number): boolean {
  if (proc.sighand[sig]!.handler !== SIG_DFL) return false;
  const d = sig_default(sig);
  return d === "term" || d === "core";
}

const blocks = (t: thread, sig: number): boolean => (t.sigmask & sigbit(sig)) !== 0n;

function signal_wake_up(t: thread): void {
  if (t.state === "sleeping" && t.sleep?.interruptible) thread_wakeup(t, t.sleep, -EINTR);
}

/** Sends sig to the process (target null: any thread that does not block it) or to one thread. */
export function send_signal(proc: process, target: thread | null, sig: number, info: siginfo): void {
  if (proc.state === "exited" || sig === 0) return;
  const victims = target ? [target] : proc.threads;
  if (sig === SIGKILL || (sig_fatal(proc, sig) && victims.some((t) => !blocks(t, sig)))) {
    do_exit_group(proc, target ?? proc.threads[0] ?? null, sig);
    return;
  }
  if (sig_ignored(proc, sig)) return;
  for (const t of victims) if (t.sleep?.on_signal?.(sig, info)) return;
  if (target) {
    target.sigpending |= sigbit(sig);
    target.siginfo.set(sig, info);
  } else {
    proc.sigpending |= sigbit(sig);
    proc.siginfo.set(sig, info);
  }
  const wakee = victims.find((t) => !blocks(t, sig) && t.sleep?.interruptible) ?? victims.find((t) => !blocks(t, sig));
  if (wakee) signal_wake_up(wakee);
}

/** A signal the thread caused (fault, breakpoint): blocked or ignored, it kills anyway. */
export function force_sig(t: thread, sig: number, info: siginfo): void {
  const act = t.proc.sighand[sig]!;
  if (blocks(t, sig) || act.handler === SIG_IGN) {
    act.handler = SIG_DFL;
    t.sigmask &= ~sigbit(sig);
  }
  send_signal(t.proc, t, sig, info);
}

export function fault_signal(t: thread, core: UserCore, fault: FaultInfo): void {
  const eip = core.eip >>> 0;
  switch (fault.name) {
    case "#PF":
      return force_sig(t, SIGSEGV, { signo: SIGSEGV, code: fault.present ? SEGV_ACCERR : SEGV_MAPERR, addr: fault.address >>> 0 });
    case "#UD":
      return force_sig(t, SIGILL, { signo: SIGILL, code: ILL_ILLOPN, addr: eip });
    case "#DE":
      return force_sig(t, SIGFPE, { signo: SIGFPE, code: FPE_INTDIV, addr: eip });
    default:
      return force_sig(t, SIGSEGV, { signo: SIGSEGV, code: SI_KERNEL, addr: 0 });
  }
}

export function lowest_signal(set: bigint): number {
  for (let sig = 1; sig <= 64; sig++) if (set & sigbit(sig)) return sig;
  return 0;
}

export function dequeue_signal(t: thread, sig: number): siginfo {
  const bit = sigbit(sig);
  const own = (t.sigpending & bit) !== 0n;
  const holder = own ? t : t.proc;
  holder.sigpending &= ~bit;
  const info = holder.siginfo.get(sig) ?? { signo: sig, code: SI_KERNEL };
  holder.siginfo.delete(sig);
  return info;
}

/** Before t returns to user mode: delivers one pending, unblocked signal. */
export function do_signal(t: thread, core: UserCore): void {
  const proc = t.proc;
  if (t.sigpending === 0n && proc.sigpending === 0n && t.saved_sigmask === null) return;
  for (;;) {
    const deliverable = (t.sigpending | proc.sigpending) & ~t.sigmask;
    if (deliverable === 0n) {
      if (t.saved_sigmask !== null) {
        t.sigmask = t.saved_sigmask;
        t.saved_sigmask = null;
      }
      return;
    }
    const sig = lowest_signal(deliverable);
    const info = dequeue_signal(t, sig);
    const act = proc.sighand[sig]!;
    if (act.handler === SIG_IGN) continue;
    if (act.handler === SIG_DFL) {
      if (sig_fatal(proc, sig)) return do_exit_group(proc, t, sig);
      continue;
    }
    const oldmask = t.saved_sigmask ?? t.sigmask;
    t.saved_sigmask = null;
    const handler = { ...act };
    if (act.flags & SA_RESETHAND) act.handler = SIG_DFL;
    if (!setup_frame(t, core, sig, info, handler, oldmask)) return do_exit_group(proc, t, SIGSEGV);
    t.sigmask = (t.sigmask | handler.mask | (handler.flags & SA_NODEFER ? 0n : sigbit(sig))) & ~UNBLOCKABLE;
    return;
  }
}

/** Drops pending instances of sig (its action became "ignore"). */
export function flush_signal(proc: process, sig: number): void {
  const bit = sigbit(sig);
  proc.sigpending &= ~bit;
  proc.siginfo.delete(sig);
  for (const t of proc.threads) {
    t.sigpending &= ~bit;
    t.siginfo.delete(sig);
  }
}
