// The process side of the LWK starts here (called once at boot, on the BSP): the scheduler
// over the assigned CPUs, the clocks, the system-call table, and the ProcessControl that
// the IKC side calls for mcexec's requests (McKernel's kernel/host.c syscall_packet_handler).

import { KARGS } from "../../abi/mcctrl.ts";
import type { IhkMcHal } from "../hal.ts";
import type { BootParam } from "./bootparam.ts";
import { setFreePages } from "./bootparam.ts";
import { do_exit_group } from "./exit.ts";
import { futex_reset } from "./futex.ts";
import type { HostLink, ProcessControl } from "./host.ts";
import { ihk_mc_set_hal } from "./ihk_mc.ts";
import { kprintf } from "./kmsg.ts";
import { ihk_mc_free_page_count } from "./mem.ts";
import { find_process, find_thread, process_table_reset } from "./process.ts";
import { prepare_process } from "./program_load.ts";
import { sched_add_thread, sched_choose_cpu, sched_init } from "./sched.ts";
import { send_signal } from "./signal.ts";
import { SI_USER } from "./signal_defs.ts";
import { syscall_set_host_link } from "./syscall.ts";
import { syscall_table_init } from "./syscall_table.ts";
import { time_init } from "./time.ts";
import "./sys_mem.ts";
import "./sys_process.ts";
import "./sys_signal.ts";
import "./sys_thread.ts";

function schedule_process(hal: IhkMcHal, pid: number): void {
  const proc = find_process(pid);
  const main = proc?.threads[0];
  if (!proc || !main || proc.state !== "prepared") {
    kprintf(`schedule: no prepared process ${pid}`);
    return;
  }
  main.cpu = sched_choose_cpu(proc.start_cpu, false)!;
  proc.state = "running";
  hal.ihk_mc_trace({ type: "process", pid, event: "start", comm: proc.comm });
  sched_add_thread(main);
}

export function process_init(hal: IhkMcHal, bp: BootParam, attach: (control: ProcessControl) => HostLink): void {
  ihk_mc_set_hal(hal);
  process_table_reset();
  futex_reset();
  sched_init(bp.cpuHwIds, bp.kernelArgs.split(/\s+/).includes(KARGS.ALLOW_OVERSUBSCRIBE));
  time_init(bp.bootSec, bp.bootNsec);
  for (const problem of syscall_table_init()) kprintf(problem);
  const control: ProcessControl = {
    prepare: (pid, descPa) => {
      const ret = prepare_process(pid, descPa);
      setFreePages(hal, ihk_mc_free_page_count());
      return ret;
    },
    schedule: (pid) => schedule_process(hal, pid),
    signal: (pid, tid, sig) => {
      const proc = find_process(pid);
      if (!proc || sig < 1 || sig > 64) return;
      const target = tid === 0 ? null : find_thread(tid);
      if (target && target.proc !== proc) return;
      send_signal(proc, target ?? null, sig, { signo: sig, code: SI_USER, pid, uid: proc.cred.uid });
    },
    cleanup: (pid) => {
      const proc = find_process(pid);
      if (proc) do_exit_group(proc, null, 0, false);
    },
  };
  syscall_set_host_link(attach(control));
}
