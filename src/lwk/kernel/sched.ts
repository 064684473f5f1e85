// The per-CPU scheduler (McKernel's kernel/sched/ and schedule()): each LWK CPU has a run
// queue of the threads bound to it; its runner (installed by cpu_init) runs the head of the
// queue on the CPU's core for the budget it is given, handles what stopped it, and says
// whether anything is left to run. Threads that wait (offloaded call, futex, sleep) leave
// the queue and come back through thread_wakeup, which rings the thread's CPU as an IPI
// would. Several threads on one CPU (allow_oversubscribe) take turns, one budget each.

import { Reg } from "../../emu/x86/types.ts";
import type { RunResult } from "../../emu/x86/types.ts";
import type { IhkMcHal, UserCore } from "../hal.ts";
import { ihk_mc } from "./ihk_mc.ts";
import type { sleep_token, thread } from "./process.ts";
import { do_signal, fault_signal, force_sig } from "./signal.ts";
import { SI_KERNEL, SIGILL, SIGSEGV, SIGTRAP, TRAP_BRKPT } from "./signal_defs.ts";
import { do_syscall } from "./syscall.ts";
import type { process_vm } from "./vm.ts";

interface cpu_local_var {
  hwId: number;
  runq: thread[];
  /** The thread whose registers are in the core. */
  loaded: thread | null;
  /** The address space the core translates through. */
  vm: process_vm | null;
  /** What the board view was last told this CPU runs. */
  current: thread | null;
  /** Threads bound to this CPU that have not exited. */
  nr_threads: number;
}

const cpus = new Map<number, cpu_local_var>();
let hwIds: readonly number[] = [];
let oversubscribe = false;

const SYSCALL_VECTOR = 0x80;
const BREAKPOINT_VECTOR = 3;
const OVERFLOW_VECTOR = 4;

export function sched_init(ids: readonly number[], allowOversubscribe: boolean): void {
  hwIds = ids;
  oversubscribe = allowOversubscribe;
  cpus.clear();
  for (const hwId of ids) cpus.set(hwId, { hwId, runq: [], loaded: null, vm: null, current: null, nr_threads: 0 });
}

/** Hardware ids of the LWK CPUs, BSP first. */
export function sched_cpu_ids(): readonly number[] {
  return hwIds;
}

function cpu_local(hwId: number): cpu_local_var {
  const cl = cpus.get(hwId);
  if (!cl) throw new RangeError(`sched: CPU ${hwId} is not an LWK CPU`);
  return cl;
}

/** Where a new thread goes: the preferred CPU if given, else the CPU with the fewest
 * threads. For clone (exclusive), McKernel's policy: only a CPU with no thread, unless the
 * karg allow_oversubscribe lets threads share CPUs. Undefined = no CPU for it. */
export function sched_choose_cpu(preferred: number, exclusive: boolean): number | undefined {
  if (preferred >= 0) return preferred;
  let best: cpu_local_var | undefined;
  for (const cl of cpus.values()) if (!best || cl.nr_threads < best.nr_threads) best = cl;
  if (!best) return undefined;
  if (exclusive && best.nr_threads > 0 && !oversubscribe) return undefined;
  return best.hwId;
}

/** Binds a new thread to its CPU and makes it runnable there. */
export function sched_add_thread(t: thread): void {
  cpu_local(t.cpu).nr_threads++;
  t.state = "runnable";
  runq_add(t);
}

function kick(hwId: number): void {
  ihk_mc().ihk_mc_interrupt_cpu(hwId, () => undefined);
}

function runq_add(t: thread): void {
  cpu_local(t.cpu).runq.push(t);
  kick(t.cpu);
}

function runq_remove(t: thread): void {
  const cl = cpu_local(t.cpu);
  const i = cl.runq.indexOf(t);
  if (i !== -1) cl.runq.splice(i, 1);
}

/** The thread leaves its run queue until thread_wakeup(t, token, …). */
export function thread_sleep(t: thread, token: sleep_token): void {
  t.state = "sleeping";
  t.sleep = token;
  runq_remove(t);
}

/** Ends the sleep token stands for (if it still does): EAX = ret (unless null), runnable.
 * Safe from any CPU. */
export function thread_wakeup(t: thread, token: sleep_token, ret: number | null): boolean {
  if (t.state !== "sleeping" || t.sleep !== token) return false;
  t.sleep = null;
  token.cancel();
  if (ret !== null) t.sysret = ret | 0;
  t.state = "runnable";
  runq_add(t);
  return true;
}

/** The thread is gone: off every queue, its CPU slot free. */
export function thread_kill(t: thread): void {
  if (t.state === "exited") return;
  if (t.state === "new") {
    t.state = "exited";
    return;
  }
  const sleep = t.sleep;
  t.sleep = null;
  sleep?.cancel();
  runq_remove(t);
  t.state = "exited";
  cpu_local(t.cpu).nr_threads--;
}

/** sched_yield: the caller goes behind the other runnable threads of its CPU. */
export function sched_yield_thread(t: thread): void {
  const cl = cpu_local(t.cpu);
  const i = cl.runq.indexOf(t);
  if (i === -1 || cl.runq.length < 2) return;
  cl.runq.splice(i, 1);
  cl.runq.push(t);
}

/** The address space is being freed: no core may keep translating through it. */
export function sched_forget_vm(vm: process_vm): void {
  for (const cl of cpus.values()) if (cl.vm === vm) cl.vm = null;
  vm.loaded_on.clear();
}

function set_current(hal: IhkMcHal, cl: cpu_local_var, t: thread | null): void {
  if (cl.current === t) return;
  cl.current = t;
  hal.ihk_mc_trace({ type: "cpu", hwId: cl.hwId, thread: t && { pid: t.proc.pid, tid: t.tid, comm: t.proc.comm } });
}

/** Loads t's registers, TLS descriptors and address space into the core when they are not there. */
function switch_to(hal: IhkMcHal, cl: cpu_local_var, t: thread, core: UserCore): void {
  if (cl.loaded !== t) {
    if (cl.loaded && cl.loaded.state !== "exited") cl.loaded.ctx = core.getState();
    t.tls.forEach((d, i) => {
      if (d) core.defineDescriptor(((6 + i) << 3) | 3, d.base);
    });
    core.setState(t.ctx);
    cl.loaded = t;
  }
  const vm = t.proc.vm;
  if (cl.vm !== vm) {
    cl.vm?.loaded_on.delete(cl.hwId);
    core.setPaging({ enabled: true, cr3: vm.pgdir, pse: false });
    vm.loaded_on.add(cl.hwId);
    cl.vm = vm;
  }
  set_current(hal, cl, t);
}

function handle_stop(t: thread, core: UserCore, r: RunResult): void {
  switch (r.kind) {
    case "budget":
      return;
    case "interrupt":
      if (r.vector === SYSCALL_VECTOR) return do_syscall(t, core);
      if (r.vector === BREAKPOINT_VECTOR) return force_sig(t, SIGTRAP, { signo: SIGTRAP, code: TRAP_BRKPT, addr: (core.eip - 1) >>> 0 });
      // into traps to SIGSEGV; any other int n is a #GP at CPL 3 (the gate's DPL is 0).
      if (r.vector !== OVERFLOW_VECTOR) core.eip = (core.eip - 2) >>> 0;
      return force_sig(t, SIGSEGV, { signo: SIGSEGV, code: SI_KERNEL, addr: 0 });
    case "fault":
      return fault_signal(t, core, r.fault);
    case "hlt":
      core.eip = (core.eip - 1) >>> 0;
      return force_sig(t, SIGSEGV, { signo: SIGSEGV, code: SI_KERNEL, addr: 0 });
    case "sysenter":
      return force_sig(t, SIGILL, { signo: SIGILL, code: SI_KERNEL, addr: core.eip >>> 0 });
  }
}

/** The CPU's runner (see the execution model in src/lwk/hal.ts): one run of the head of the
 * run queue for the budget, then what stopped it is handled. */
export function sched_runner(hal: IhkMcHal, budget: number): boolean {
  const cl = cpus.get(hal.ihk_mc_get_hardware_processor_id());
  if (!cl) return false;
  const t = cl.runq[0];
  if (t) run_thread(hal, cl, t, budget);
  if (cl.runq.length === 0) set_current(hal, cl, null);
  return cl.runq.length > 0;
}

function run_thread(hal: IhkMcHal, cl: cpu_local_var, t: thread, budget: number): void {
  const core = hal.ihk_mc_get_core();
  switch_to(hal, cl, t, core);
  if (t.sysret !== null) {
    core.regs[Reg.EAX] = t.sysret;
    t.sysret = null;
  }
  do_signal(t, core);
  if (cl.runq[0] !== t) return;
  const r = core.run(budget);
  handle_stop(t, core, r);
  if (r.kind === "budget" && cl.runq[0] === t && cl.runq.length > 1) cl.runq.push(cl.runq.shift()!);
}
