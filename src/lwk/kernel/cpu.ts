// Per-CPU identity: McKernel numbers its CPUs 0..n-1 in the order IHK listed them (BSP
// first); the hardware (APIC) ids come from the boot parameters.

import type { IhkMcHal } from "../hal.ts";
import { kmsg_set_cpu_id_source } from "./kmsg.ts";
import { sched_runner } from "./sched.ts";

let hwIds: readonly number[] = [];

/** Makes kprintf name CPUs by their McKernel id from now on. */
export function cpu_local_init(hal: IhkMcHal, ids: readonly number[]): void {
  hwIds = ids;
  kmsg_set_cpu_id_source(() => ihk_mc_get_processor_id(hal));
}

export function ihk_mc_get_processor_id(hal: IhkMcHal): number {
  return hwIds.indexOf(hal.ihk_mc_get_hardware_processor_id());
}

/** What each CPU does first on itself: install the scheduler as its runner (it idles
 * until a thread is bound to the CPU). */
export function cpu_init(hal: IhkMcHal): void {
  hal.ihk_mc_set_cpu_runner((budget) => sched_runner(hal, budget));
}
