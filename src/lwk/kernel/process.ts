// Processes and threads (McKernel's struct process and struct thread, kernel/process.c).
// A process is what mcexec started: its pid is mcexec's pid, its address space lives in LWK
// memory, its threads run on LWK CPUs. A thread's registers are live in its CPU's core
// while it is that CPU's loaded thread, and saved in ctx otherwise; only its own CPU
// touches them (other CPUs change data and send an IPI).

import type { CoreState } from "../../emu/x86/types.ts";
import type { process_vm } from "./vm.ts";

export interface k_sigaction {
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}

export interface siginfo {
  signo: number;
  code: number;
  pid?: number;
  uid?: number;
  addr?: number;
}

/** How a sleeping thread is woken early: interruptible sleeps end with EINTR on a signal;
 * cancel takes the thread off whatever wait queue or timer holds it; a sleep that waits for
 * signals (rt_sigtimedwait) takes the ones it wants with on_signal (true = consumed). */
export interface sleep_token {
  interruptible: boolean;
  cancel(): void;
  on_signal?: (sig: number, info: siginfo) => boolean;
}

/** One GDT TLS entry (set_thread_area's struct user_desc). */
export interface tls_desc {
  base: number;
  limit: number;
  flags: number;
}

type fp_state = Pick<CoreState, "fpu" | "xmm" | "mxcsr">;

export interface thread {
  readonly tid: number;
  readonly proc: process;
  /** Hardware id of the CPU it runs on (threads do not migrate); -1 until it is scheduled. */
  cpu: number;
  /** "new": prepared, not yet on a CPU. */
  state: "new" | "runnable" | "sleeping" | "exited";
  ctx: CoreState;
  /** GDT entries 6..8. */
  tls: (tls_desc | null)[];
  clear_child_tid: number;
  robust_list: number;
  sigmask: bigint;
  sigpending: bigint;
  siginfo: Map<number, siginfo>;
  /** The mask to restore after a handler interrupted rt_sigsuspend. */
  saved_sigmask: bigint | null;
  sigaltstack: { sp: number; size: number; flags: number };
  /** x87/SSE state of the code a handler interrupted, by signal frame address. */
  fp_frames: Map<number, fp_state>;
  sleep: sleep_token | null;
  /** A system call result to put in EAX before the thread runs again. */
  sysret: number | null;
}

export interface credentials {
  uid: number;
  euid: number;
  suid: number;
  fsuid: number;
  gid: number;
  egid: number;
  sgid: number;
  fsgid: number;
}

export interface process {
  readonly pid: number;
  readonly ppid: number;
  cred: credentials;
  comm: string;
  readonly vm: process_vm;
  threads: thread[];
  /** Actions of signals 1..64 (index 0 unused). */
  sighand: k_sigaction[];
  sigpending: bigint;
  siginfo: Map<number, siginfo>;
  state: "prepared" | "running" | "exited";
  /** Hardware id of the CPU the main thread starts on, or -1 (the least loaded). */
  start_cpu: number;
  /** exit() status of the main thread when it ended before the others. */
  leader_exit: number | null;
}

const processes = new Map<number, process>();
const threads = new Map<number, thread>();
/** Linux's pid_max is at most 32768 on i386: thread ids above it never clash with mcexec's. */
const TID_FIRST = 32768;
const TID_LAST = 0x3fffffff;
let nextTid = TID_FIRST;

export function process_table_reset(): void {
  processes.clear();
  threads.clear();
  nextTid = TID_FIRST;
}

export function find_process(pid: number): process | undefined {
  return processes.get(pid);
}

export function find_thread(tid: number): thread | undefined {
  return threads.get(tid);
}

export function process_register(proc: process): void {
  processes.set(proc.pid, proc);
  for (const t of proc.threads) threads.set(t.tid, t);
}

export function process_unregister(proc: process): void {
  processes.delete(proc.pid);
  for (const t of proc.threads) threads.delete(t.tid);
}

export function thread_register(t: thread): void {
  t.proc.threads.push(t);
  threads.set(t.tid, t);
}

export function thread_unregister(t: thread): void {
  t.proc.threads = t.proc.threads.filter((o) => o !== t);
  threads.delete(t.tid);
}

/** A free thread id for a new (non-main) thread. */
export function alloc_tid(): number {
  for (;;) {
    const tid = nextTid;
    nextTid = nextTid >= TID_LAST ? TID_FIRST : nextTid + 1;
    if (!threads.has(tid) && !processes.has(tid)) return tid;
  }
}

export function new_thread(proc: process, tid: number, cpu: number, ctx: CoreState): thread {
  return {
    tid, proc, cpu, state: "new", ctx, tls: [null, null, null], clear_child_tid: 0, robust_list: 0,
    sigmask: 0n, sigpending: 0n, siginfo: new Map(), saved_sigmask: null,
    sigaltstack: { sp: 0, size: 0, flags: SS_DISABLE }, fp_frames: new Map(), sleep: null, sysret: null,
  };
}

export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
