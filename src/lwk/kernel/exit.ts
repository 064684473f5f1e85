// The end of threads and processes (McKernel's terminate() and do_exit): a thread's exit
// clears and futex-wakes its clear_child_tid word (pthread_join waits on it); the last
// thread's exit, exit_group or a fatal signal end the process: its threads stop wherever
// they are, its memory goes back to the LWK, and mcexec learns the wait status (unless
// mcexec is already gone).

import { setFreePages } from "./bootparam.ts";
import { futex_wake } from "./futex.ts";
import { ihk_mc } from "./ihk_mc.ts";
import { ihk_mc_free_page_count } from "./mem.ts";
import { type process, process_unregister, type thread, thread_unregister } from "./process.ts";
import { sched_forget_vm, thread_kill } from "./sched.ts";
import { host_link } from "./syscall.ts";
import { put_user32 } from "./uaccess.ts";

/** waitStatus in Linux's encoding: exit code << 8, or the number of the fatal signal. */
export function do_exit_group(proc: process, t: thread | null, waitStatus: number, notify = true): void {
  if (proc.state === "exited") return;
  const hal = ihk_mc();
  proc.state = "exited";
  for (const each of proc.threads) thread_kill(each);
  sched_forget_vm(proc.vm);
  proc.vm.destroy();
  process_unregister(proc);
  setFreePages(hal, ihk_mc_free_page_count());
  hal.ihk_mc_trace({ type: "process", pid: proc.pid, event: "exit", comm: proc.comm, status: waitStatus });
  if (notify) host_link()?.exited(proc.pid, t?.tid ?? proc.pid, waitStatus);
}

/** exit(2) of one thread; the last one takes the process with it. */
export function do_exit_thread(t: thread, code: number): void {
  const proc = t.proc;
  if (proc.threads.length <= 1) {
    do_exit_group(proc, t, ((proc.leader_exit ?? code) & 0xff) << 8);
    return;
  }
  if (t.tid === proc.pid) proc.leader_exit = code;
  if (t.clear_child_tid !== 0 && put_user32(proc.vm, t.clear_child_tid, 0)) futex_wake(proc.vm, t.clear_child_tid, 1);
  thread_kill(t);
  thread_unregister(t);
}
