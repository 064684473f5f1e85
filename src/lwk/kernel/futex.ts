// Fast user-space mutexes (McKernel's kernel/futex.c): waiters queue on the physical
// address of the futex word, so every thread mapping the same page meets there. WAIT checks
// the word and sleeps (interruptibly, with an optional timeout from the CPU's timer); WAKE,
// REQUEUE, CMP_REQUEUE, WAKE_OP and the bitset variants wake or move waiters.

import { EAGAIN, EFAULT, EINVAL, ENOSYS, ETIMEDOUT } from "./errno.ts";
import { ihk_mc } from "./ihk_mc.ts";
import type { sleep_token, thread } from "./process.ts";
import { thread_sleep, thread_wakeup } from "./sched.ts";
import {
  ihk_mc_syscall_arg0, ihk_mc_syscall_arg1, ihk_mc_syscall_arg2, ihk_mc_syscall_arg3, ihk_mc_syscall_arg4,
  ihk_mc_syscall_arg5, type ihk_mc_user_context_t, SYSCALL_DECLARE, SYSCALL_SUSPENDED, type syscall_result,
} from "./syscall_table.ts";
import { CLOCK_MONOTONIC, clock_now_ns, CLOCK_REALTIME, read_timespec } from "./time.ts";
import { get_user32, put_user32 } from "./uaccess.ts";
import type { process_vm } from "./vm.ts";

const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_REQUEUE = 3;
const FUTEX_CMP_REQUEUE = 4;
const FUTEX_WAKE_OP = 5;
const FUTEX_WAIT_BITSET = 9;
const FUTEX_WAKE_BITSET = 10;
const FUTEX_PRIVATE_FLAG = 128;
const FUTEX_CLOCK_REALTIME = 256;
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

interface futex_q {
  t: thread;
  key: number;
  bitset: number;
  token: sleep_token;
}

const queues = new Map<number, futex_q[]>();

export function futex_reset(): void {
  queues.clear();
}

function futex_key(vm: process_vm, uaddr: number): number | undefined {
  return vm.translate(uaddr, false);
}

function dequeue(q: futex_q): void {
  const list = queues.get(q.key);
  if (!list) return;
  const i = list.indexOf(q);
  if (i !== -1) list.splice(i, 1);
  if (list.length === 0) queues.delete(q.key);
}

function enqueue(q: futex_q): void {
  const list = queues.get(q.key);
  if (list) list.push(q);
  else queues.set(q.key, [q]);
}

/** Wakes up to n waiters of the word at uaddr whose bitset matches; returns how many. */
export function futex_wake(vm: process_vm, uaddr: number, n: number, bitset = FUTEX_BITSET_MATCH_ANY): number {
  const key = futex_key(vm, uaddr);
  if (key === undefined) return -EFAULT;
  return wake_key(key, n, bitset);
}

function wake_key(key: number, n: number, bitset: number): number {
  const list = queues.get(key);
  if (!list) return 0;
  let woken = 0;
  for (const q of [...list]) {
    if (woken >= n) break;
    if ((q.bitset & bitset) === 0) continue;
    dequeue(q);
    if (thread_wakeup(q.t, q.token, 0)) woken++;
  }
  return woken;
}

/** deadline: absolute time on a clock, or undefined for no timeout. */
function futex_wait(t: thread, uaddr: number, val: number, deadline: { clock: number; ns: number } | undefined,
  bitset: number): syscall_result {
  const vm = t.proc.vm;
  if (bitset === 0) return -EINVAL;
  const key = futex_key(vm, uaddr);
  const word = get_user32(vm, uaddr);
  if (key === undefined || word === undefined) return -EFAULT;
  if (word !== val >>> 0) return -EAGAIN;
  let cancelTimer: () => void = () => undefined;
  const token: sleep_token = {
    interruptible: true,
    cancel: () => {
      dequeue(q);
      cancelTimer();
    },
  };
  const q: futex_q = { t, key, bitset, token };
  if (deadline) {
    const delay = deadline.ns - clock_now_ns(deadline.clock)!;
    if (delay <= 0) return -ETIMEDOUT;
    cancelTimer = ihk_mc().ihk_mc_set_timer(t.cpu, delay, () => thread_wakeup(t, token, -ETIMEDOUT));
  }
  enqueue(q);
  thread_sleep(t, token);
  return SYSCALL_SUSPENDED;
}

function futex_requeue(vm: process_vm, uaddr: number, nWake: number, nRequeue: number, uaddr2: number,
  cmp: number | undefined): number {
  const key = futex_key(vm, uaddr);
  const key2 = futex_key(vm, uaddr2);
  if (key === undefined || key2 === undefined) return -EFAULT;
  if (cmp !== undefined) {
    const word = get_user32(vm, uaddr);
    if (word === undefined) return -EFAULT;
    if (word !== cmp >>> 0) return -EAGAIN;
  }
  let done = wake_key(key, nWake, FUTEX_BITSET_MATCH_ANY);
  const list = queues.get(key) ?? [];
  for (const q of list.slice(0, nRequeue)) {
    dequeue(q);
    q.key = key2;
    enqueue(q);
    done++;
  }
  return done;
}

/** FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake uaddr; wake uaddr2 too if cmp(old, cmparg). */
function futex_wake_op(vm: process_vm, uaddr: number, n: number, n2: number, uaddr2: number, encoded: number): number {
  const op = (encoded >>> 28) & 7;
  const cmp = (encoded >>> 24) & 15;
  let oparg = (encoded << 8) >> 20;
  let cmparg = (encoded << 20) >> 20;
  if ((encoded >>> 31) & 1) oparg = 1 << (oparg & 31);
  const old = get_user32(vm, uaddr2);
  if (old === undefined) return -EFAULT;
  const ops = [(_: number) => oparg, (o: number) => o + oparg, (o: number) => o | oparg, (o: number) => o & ~oparg, (o: number) => o ^ oparg];
  const apply = ops[op];
  if (!apply) return -ENOSYS;
  if (!put_user32(vm, uaddr2, apply(old | 0))) return -EFAULT;
  const o = old | 0;
  cmparg |= 0;
  const tests = [o === cmparg, o !== cmparg, o < cmparg, o <= cmparg, o > cmparg, o >= cmparg];
  const hit = tests[cmp];
  if (hit === undefined) return -ENOSYS;
  let woken = futex_wake(vm, uaddr, n);
  if (woken >= 0 && hit) woken += Math.max(0, futex_wake(vm, uaddr2, n2));
  return woken;
}

function sys_futex(ctx: ihk_mc_user_context_t, time64: boolean): syscall_result {
  const t = ctx.thread;
  const vm = t.proc.vm;
  const uaddr = ihk_mc_syscall_arg0(ctx);
  const opFull = ihk_mc_syscall_arg1(ctx);
  const val = ihk_mc_syscall_arg2(ctx);
  const utime = ihk_mc_syscall_arg3(ctx);
  const uaddr2 = ihk_mc_syscall_arg4(ctx);
  const val3 = ihk_mc_syscall_arg5(ctx);
  const op = opFull & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  if (uaddr & 3) return -EINVAL;
  switch (op) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      let deadline: { clock: number; ns: number } | undefined;
      if (utime !== 0) {
        const ts = read_timespec(vm, utime, time64);
        if (ts === undefined) return -EFAULT;
        if (ts < 0) return -EINVAL;
        // FUTEX_WAIT takes a relative timeout, FUTEX_WAIT_BITSET an absolute one.
        const clock = opFull & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
        deadline = op === FUTEX_WAIT ? { clock: CLOCK_MONOTONIC, ns: clock_now_ns(CLOCK_MONOTONIC)! + ts } : { clock, ns: ts };
      }
      return futex_wait(t, uaddr, val, deadline, op === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
    }
    case FUTEX_WAKE:
      return futex_wake(vm, uaddr, val);
    case FUTEX_WAKE_BITSET:
      return val3 === 0 ? -EINVAL : futex_wake(vm, uaddr, val, val3);
    case FUTEX_REQUEUE:
      return futex_requeue(vm, uaddr, val, utime, uaddr2, undefined);
    case FUTEX_CMP_REQUEUE:
      return futex_requeue(vm, uaddr, val, utime, uaddr2, val3);
    case FUTEX_WAKE_OP:
      return futex_wake_op(vm, uaddr, val, utime, uaddr2, val3);
    default:
      return -ENOSYS;
  }
}

SYSCALL_DECLARE("futex", (ctx) => sys_futex(ctx, false));
SYSCALL_DECLARE("futex_time64", (ctx) => sys_futex(ctx, true));
