// Per-CPU identity: McKernel numbers its CPUs 0..n-1 in the order IHK listed them (BSP
// first); the hardware (APIC) ids come from the boot parameters.

import type { IhkMcHal, Trap } from "../hal.ts";
import { kmsg_set_cpu_id_source, kprintf } from "./kmsg.ts";

let hwIds: readonly number[] = [];

/** Makes kprintf name CPUs by their McKernel id from now on. */
export function cpu_local_init(hal: IhkMcHal, ids: readonly number[]): void {
  hwIds = ids;
  kmsg_set_cpu_id_source(() => ihk_mc_get_processor_id(hal));
}

export function ihk_mc_get_processor_id(hal: IhkMcHal): number {
  return hwIds.indexOf(hal.ihk_mc_get_hardware_processor_id());
}

/** No user code runs yet: any trap is unexpected. */
function handle_trap(trap: Trap): void {
  kprintf(`unhandled trap, vector ${trap.vector}`);
}

/** What each CPU does first on itself. */
export function cpu_init(hal: IhkMcHal): void {
  hal.ihk_mc_set_trap_entry(handle_trap);
}
