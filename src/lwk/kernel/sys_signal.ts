// Signal system calls: actions, masks, sending (kill/tkill/tgkill), waiting (pause,
// rt_sigsuspend), the alternate stack and the returns from handlers.

import { Reg } from "../../emu/x86/types.ts";
import { EAGAIN, EFAULT, EINVAL, ENOMEM, EPERM, ESRCH } from "./errno.ts";
import { ihk_mc } from "./ihk_mc.ts";
import { find_process, find_thread, type siginfo, type sleep_token, SS_DISABLE, SS_ONSTACK, type thread } from "./process.ts";
import { thread_sleep, thread_wakeup } from "./sched.ts";
import { dequeue_signal, flush_signal, lowest_signal, send_signal } from "./signal.ts";
import {
  NSIG, SI_TKILL, SI_USER, SIG_BLOCK, SIG_IGN, SIG_SETMASK, SIG_UNBLOCK, sigbit, SIGKILL, SIGSEGV, SIGSTOP, sigset_from_words,
  sigset_words, UNBLOCKABLE,
} from "./signal_defs.ts";
import { restore_rt_sigframe, restore_sigframe, siginfo_words } from "./signal_frame.ts";
import { do_exit_group } from "./exit.ts";
import { syscall_generic_forwarding } from "./syscall.ts";
import {
  ihk_mc_syscall_arg0, ihk_mc_syscall_arg1, ihk_mc_syscall_arg2, ihk_mc_syscall_arg3, type ihk_mc_user_context_t,
  SYSCALL_DECLARE, SYSCALL_SUSPENDED, type syscall_result,
} from "./syscall_table.ts";
import { read_timespec } from "./time.ts";
import { get_user_words, put_user_words } from "./uaccess.ts";

const SIGSET_SIZE = 8;
const MINSIGSTKSZ = 2048;

function read_sigset(t: thread, va: number): bigint | undefined {
  const w = get_user_words(t.proc.vm, va, 2);
  return w && sigset_from_words(w[0]!, w[1]!);
}

function valid_signal(sig: number): boolean {
  return sig >= 1 && sig <= NSIG;
}

SYSCALL_DECLARE("rt_sigaction", (ctx) => {
  const t = ctx.thread;
  const sig = ihk_mc_syscall_arg0(ctx);
  const act = ihk_mc_syscall_arg1(ctx);
  const oact = ihk_mc_syscall_arg2(ctx);
  if (ihk_mc_syscall_arg3(ctx) !== SIGSET_SIZE || !valid_signal(sig)) return -EINVAL;
  if (act !== 0 && (sig === SIGKILL || sig === SIGSTOP)) return -EINVAL;
  const k = t.proc.sighand[sig]!;
  const old = [k.handler, k.flags, k.restorer, ...sigset_words(k.mask)];
  if (act !== 0) {
    const w = get_user_words(t.proc.vm, act, 5);
    if (!w) return -EFAULT;
    Object.assign(k, { handler: w[0]!, flags: w[1]!, restorer: w[2]!, mask: sigset_from_words(w[3]!, w[4]!) & ~UNBLOCKABLE });
    if (k.handler === SIG_IGN) flush_signal(t.proc, sig);
  }
  if (oact !== 0 && !put_user_words(t.proc.vm, oact, old)) return -EFAULT;
  return 0;
});

SYSCALL_DECLARE("rt_sigprocmask", (ctx) => {
  const t = ctx.thread;
  const how = ihk_mc_syscall_arg0(ctx);
  const set = ihk_mc_syscall_arg1(ctx);
  const oset = ihk_mc_syscall_arg2(ctx);
  if (ihk_mc_syscall_arg3(ctx) !== SIGSET_SIZE) return -EINVAL;
  const old = t.sigmask;
  if (set !== 0) {
    const s = read_sigset(t, set);
    if (s === undefined) return -EFAULT;
    if (how === SIG_BLOCK) t.sigmask |= s;
    else if (how === SIG_UNBLOCK) t.sigmask &= ~s;
    else if (how === SIG_SETMASK) t.sigmask = s;
    else return -EINVAL;
    t.sigmask &= ~UNBLOCKABLE;
  }
  if (oset !== 0 && !put_user_words(t.proc.vm, oset, sigset_words(old))) return -EFAULT;
  return 0;
});

SYSCALL_DECLARE("rt_sigpending", (ctx) => {
  const t = ctx.thread;
  if (ihk_mc_syscall_arg1(ctx) !== SIGSET_SIZE) return -EINVAL;
  const pending = (t.sigpending | t.proc.sigpending) & t.sigmask;
  return put_user_words(t.proc.vm, ihk_mc_syscall_arg0(ctx), sigset_words(pending)) ? 0 : -EFAULT;
});

/** Sleeps until a signal is delivered; the syscall then returns EINTR. */
function sleep_for_signal(t: thread): typeof SYSCALL_SUSPENDED {
  const token: sleep_token = { interruptible: true, cancel: () => undefined };
  thread_sleep(t, token);
  return SYSCALL_SUSPENDED;
}

SYSCALL_DECLARE("pause", (ctx) => sleep_for_signal(ctx.thread));

SYSCALL_DECLARE("rt_sigsuspend", (ctx) => {
  const t = ctx.thread;
  if (ihk_mc_syscall_arg1(ctx) !== SIGSET_SIZE) return -EINVAL;
  const mask = read_sigset(t, ihk_mc_syscall_arg0(ctx));
  if (mask === undefined) return -EFAULT;
  t.saved_sigmask = t.sigmask;
  t.sigmask = mask & ~UNBLOCKABLE;
  return sleep_for_signal(t);
});

/** rt_sigtimedwait: takes a pending signal of the set (normally blocked) instead of
 * delivering it, waiting for one until the timeout (EAGAIN); another signal interrupts. */
function sys_rt_sigtimedwait(ctx: ihk_mc_user_context_t, time64: boolean): syscall_result {
  const t = ctx.thread;
  const vm = t.proc.vm;
  const infoAt = ihk_mc_syscall_arg1(ctx);
  const timeout = ihk_mc_syscall_arg2(ctx);
  if (ihk_mc_syscall_arg3(ctx) !== SIGSET_SIZE) return -EINVAL;
  const w = get_user_words(vm, ihk_mc_syscall_arg0(ctx), 2);
  if (!w) return -EFAULT;
  const set = sigset_from_words(w[0]!, w[1]!) & ~UNBLOCKABLE;
  const take = (sig: number, info: siginfo): number =>
    infoAt === 0 || put_user_words(vm, infoAt, siginfo_words(info)) ? sig : -EFAULT;
  const ready = lowest_signal((t.sigpending | t.proc.sigpending) & set);
  if (ready !== 0) return take(ready, dequeue_signal(t, ready));
  let limit: number | undefined;
  if (timeout !== 0) {
    limit = read_timespec(vm, timeout, time64);
    if (limit === undefined) return -EFAULT;
    if (limit < 0) return -EINVAL;
    if (limit === 0) return -EAGAIN;
  }
  let cancelTimer: () => void = () => undefined;
  const token: sleep_token = {
    interruptible: true,
    cancel: () => cancelTimer(),
    on_signal: (sig, info) => (set & sigbit(sig)) !== 0n && thread_wakeup(t, token, take(sig, info)),
  };
  thread_sleep(t, token);
  if (limit !== undefined) cancelTimer = ihk_mc().ihk_mc_set_timer(t.cpu, limit, () => thread_wakeup(t, token, -EAGAIN));
  return SYSCALL_SUSPENDED;
}

SYSCALL_DECLARE("rt_sigtimedwait", (ctx) => sys_rt_sigtimedwait(ctx, false));
SYSCALL_DECLARE("rt_sigtimedwait_time64", (ctx) => sys_rt_sigtimedwait(ctx, true));

SYSCALL_DECLARE("sigaltstack", (ctx) => {
  const t = ctx.thread;
  const ss = ihk_mc_syscall_arg0(ctx);
  const oss = ihk_mc_syscall_arg1(ctx);
  const cur = t.sigaltstack;
  const sp = ctx.core.regs[Reg.ESP]! >>> 0;
  const onStack = cur.flags !== SS_DISABLE && sp > cur.sp && sp - cur.sp <= cur.size;
  const old = [cur.sp, onStack ? SS_ONSTACK : cur.flags, cur.size];
  if (ss !== 0) {
    const w = get_user_words(t.proc.vm, ss, 3);
    if (!w) return -EFAULT;
    if (onStack) return -EPERM;
    const flags = w[1]!;
    if (flags !== 0 && flags !== SS_DISABLE && flags !== SS_ONSTACK) return -EINVAL;
    if (flags === SS_DISABLE) t.sigaltstack = { sp: 0, size: 0, flags: SS_DISABLE };
    else if (w[2]! < MINSIGSTKSZ) return -ENOMEM;
    else t.sigaltstack = { sp: w[0]!, size: w[2]!, flags: 0 };
  }
  if (oss !== 0 && !put_user_words(t.proc.vm, oss, old)) return -EFAULT;
  return 0;
});

function finish_sigreturn(t: thread, mask: bigint | undefined): typeof SYSCALL_SUSPENDED {
  if (mask === undefined) do_exit_group(t.proc, t, SIGSEGV);
  else t.sigmask = mask & ~UNBLOCKABLE;
  return SYSCALL_SUSPENDED;
}

SYSCALL_DECLARE("sigreturn", (ctx) => finish_sigreturn(ctx.thread, restore_sigframe(ctx.thread, ctx.core)));
SYSCALL_DECLARE("rt_sigreturn", (ctx) => finish_sigreturn(ctx.thread, restore_rt_sigframe(ctx.thread, ctx.core)));

SYSCALL_DECLARE("kill", (ctx) => {
  const t = ctx.thread;
  const pid = ihk_mc_syscall_arg0(ctx) | 0;
  const sig = ihk_mc_syscall_arg1(ctx);
  if (sig !== 0 && !valid_signal(sig)) return -EINVAL;
  // pid 0 and process groups: the LWK knows only its own processes, so the caller's. A pid
  // that is not an LWK process, and -1 (every process but the caller), are Linux's business.
  const target = pid > 0 ? find_process(pid) : pid === -1 ? undefined : t.proc;
  if (!target) return syscall_generic_forwarding(ctx);
  send_signal(target, null, sig, { signo: sig, code: SI_USER, pid: t.proc.pid, uid: t.proc.cred.uid });
  return 0;
});

function thread_kill_signal(t: thread, tgid: number, tid: number, sig: number): number {
  if ((sig !== 0 && !valid_signal(sig)) || tid <= 0) return -EINVAL;
  const target = find_thread(tid);
  if (!target || target.state === "exited" || (tgid > 0 && target.proc.pid !== tgid)) return -ESRCH;
  send_signal(target.proc, target, sig, { signo: sig, code: SI_TKILL, pid: t.proc.pid, uid: t.proc.cred.uid });
  return 0;
}

SYSCALL_DECLARE("tkill", (ctx) => thread_kill_signal(ctx.thread, 0, ihk_mc_syscall_arg0(ctx) | 0, ihk_mc_syscall_arg1(ctx)));
SYSCALL_DECLARE("tgkill", (ctx) =>
  thread_kill_signal(ctx.thread, ihk_mc_syscall_arg0(ctx) | 0, ihk_mc_syscall_arg1(ctx) | 0, ihk_mc_syscall_arg2(ctx)));
