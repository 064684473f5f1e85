// Time (McKernel's kernel/time.c): the wall clock is the boot time IHK left in the boot
// parameters plus the HAL's nanoseconds since boot; the monotonic clocks are the latter.
// Sleeps are timers on the sleeping thread's CPU.

import { EFAULT, EINVAL } from "./errno.ts";
import { ihk_mc } from "./ihk_mc.ts";
import type { sleep_token } from "./process.ts";
import { thread_sleep, thread_wakeup } from "./sched.ts";
import {
  ihk_mc_syscall_arg0, ihk_mc_syscall_arg1, ihk_mc_syscall_arg2, ihk_mc_syscall_arg3, type ihk_mc_user_context_t,
  SYSCALL_DECLARE, SYSCALL_SUSPENDED, type syscall_result,
} from "./syscall_table.ts";
import { copy_from_user, put_user_words } from "./uaccess.ts";
import type { process_vm } from "./vm.ts";

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
const CLOCK_MONOTONIC_RAW = 4;
const CLOCK_REALTIME_COARSE = 5;
const CLOCK_MONOTONIC_COARSE = 6;
const CLOCK_BOOTTIME = 7;
const CLOCK_TAI = 11;
const TIMER_ABSTIME = 1;
const NSEC_PER_SEC = 1_000_000_000;

let bootNs = 0;

export function time_init(bootSec: number, bootNsec: number): void {
  bootNs = bootSec * NSEC_PER_SEC + bootNsec;
}

/** Now on a clock in nanoseconds, or undefined for a clock the LWK does not have. */
export function clock_now_ns(clock: number): number | undefined {
  const sinceBoot = ihk_mc().ihk_mc_get_ns();
  switch (clock) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_TAI:
      return bootNs + sinceBoot;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
      return sinceBoot;
    default:
      return undefined;
  }
}

/** A struct timespec (32-bit, or the 64-bit time64 one) as nanoseconds; -1 when tv_nsec is
 * out of range or the time negative; undefined on a fault. */
export function read_timespec(vm: process_vm, va: number, time64: boolean): number | undefined {
  const b = copy_from_user(vm, va, time64 ? 16 : 8);
  if (!b) return undefined;
  const dv = new DataView(b.buffer);
  const sec = time64 ? Number(dv.getBigInt64(0, true)) : dv.getInt32(0, true);
  const nsec = time64 ? dv.getUint32(8, true) : dv.getInt32(4, true);
  if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC) return -1;
  return sec * NSEC_PER_SEC + nsec;
}

function write_timespec(vm: process_vm, va: number, ns: number, time64: boolean): boolean {
  const sec = Math.floor(ns / NSEC_PER_SEC);
  const nsec = ns - sec * NSEC_PER_SEC;
  const words = time64 ? [sec % 2 ** 32, Math.floor(sec / 2 ** 32), nsec, 0] : [sec, nsec];
  return put_user_words(vm, va, words);
}

function sys_clock_gettime(ctx: ihk_mc_user_context_t, time64: boolean): number {
  const now = clock_now_ns(ihk_mc_syscall_arg0(ctx) | 0);
  if (now === undefined) return -EINVAL;
  return write_timespec(ctx.thread.proc.vm, ihk_mc_syscall_arg1(ctx), now, time64) ? 0 : -EFAULT;
}

function sys_clock_getres(ctx: ihk_mc_user_context_t, time64: boolean): number {
  if (clock_now_ns(ihk_mc_syscall_arg0(ctx) | 0) === undefined) return -EINVAL;
  const res = ihk_mc_syscall_arg1(ctx);
  return res === 0 || write_timespec(ctx.thread.proc.vm, res, 1, time64) ? 0 : -EFAULT;
}

/** Sleeps until deadline on clock; on a signal, EINTR and (if rem) the time left in rem. */
function sleep_until(ctx: ihk_mc_user_context_t, clock: number, deadline: number, rem: number, time64: boolean): syscall_result {
  const t = ctx.thread;
  const delay = deadline - clock_now_ns(clock)!;
  if (delay <= 0) return 0;
  let fired = false;
  let cancelTimer: () => void = () => undefined;
  const token: sleep_token = {
    interruptible: true,
    cancel: () => {
      cancelTimer();
      if (!fired && rem !== 0) write_timespec(t.proc.vm, rem, Math.max(0, deadline - clock_now_ns(clock)!), time64);
    },
  };
  thread_sleep(t, token);
  cancelTimer = ihk_mc().ihk_mc_set_timer(t.cpu, delay, () => {
    fired = true;
    thread_wakeup(t, token, 0);
  });
  return SYSCALL_SUSPENDED;
}

function sys_clock_nanosleep(ctx: ihk_mc_user_context_t, time64: boolean): syscall_result {
  const clock = ihk_mc_syscall_arg0(ctx) | 0;
  const flags = ihk_mc_syscall_arg1(ctx);
  const req = read_timespec(ctx.thread.proc.vm, ihk_mc_syscall_arg2(ctx), time64);
  if (req === undefined) return -EFAULT;
  const now = clock_now_ns(clock);
  if (req < 0 || now === undefined || clock === CLOCK_THREAD_CPUTIME_ID) return -EINVAL;
  if (flags & TIMER_ABSTIME) return sleep_until(ctx, clock, req, 0, time64);
  // A relative sleep counts on the monotonic clock (exact: the wall clock's nanoseconds
  // since 1970 do not fit a double's 53 bits).
  return sleep_until(ctx, CLOCK_MONOTONIC, clock_now_ns(CLOCK_MONOTONIC)! + req, ihk_mc_syscall_arg3(ctx), time64);
}

SYSCALL_DECLARE("clock_gettime", (ctx) => sys_clock_gettime(ctx, false));
SYSCALL_DECLARE("clock_gettime64", (ctx) => sys_clock_gettime(ctx, true));
SYSCALL_DECLARE("clock_getres", (ctx) => sys_clock_getres(ctx, false));
SYSCALL_DECLARE("clock_getres_time64", (ctx) => sys_clock_getres(ctx, true));

SYSCALL_DECLARE("gettimeofday", (ctx) => {
  const vm = ctx.thread.proc.vm;
  const tv = ihk_mc_syscall_arg0(ctx);
  const tz = ihk_mc_syscall_arg1(ctx);
  const now = clock_now_ns(CLOCK_REALTIME)!;
  const sec = Math.floor(now / NSEC_PER_SEC);
  if (tv !== 0 && !put_user_words(vm, tv, [sec, Math.floor((now - sec * NSEC_PER_SEC) / 1000)])) return -EFAULT;
  if (tz !== 0 && !put_user_words(vm, tz, [0, 0])) return -EFAULT;
  return 0;
});

SYSCALL_DECLARE("time", (ctx) => {
  const sec = Math.floor(clock_now_ns(CLOCK_REALTIME)! / NSEC_PER_SEC);
  const tloc = ihk_mc_syscall_arg0(ctx);
  if (tloc !== 0 && !put_user_words(ctx.thread.proc.vm, tloc, [sec])) return -EFAULT;
  return sec | 0;
});

SYSCALL_DECLARE("nanosleep", (ctx) => {
  const req = read_timespec(ctx.thread.proc.vm, ihk_mc_syscall_arg0(ctx), false);
  if (req === undefined) return -EFAULT;
  if (req < 0) return -EINVAL;
  return sleep_until(ctx, CLOCK_MONOTONIC, clock_now_ns(CLOCK_MONOTONIC)! + req, ihk_mc_syscall_arg1(ctx), false);
});

SYSCALL_DECLARE("clock_nanosleep", (ctx) => sys_clock_nanosleep(ctx, false));
SYSCALL_DECLARE("clock_nanosleep_time64", (ctx) => sys_clock_nanosleep(ctx, true));
