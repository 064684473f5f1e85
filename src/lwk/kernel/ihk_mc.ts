// The HAL the board handed to this kernel at boot, for the parts of the kernel that are not
// given it as an argument (McKernel reaches its HAL through plain function calls).

import type { IhkMcHal } from "../hal.ts";

let theHal: IhkMcHal | undefined;

export function ihk_mc_set_hal(hal: IhkMcHal): void {
  theHal = hal;
}

export function ihk_mc(): IhkMcHal {
  if (!theHal) throw new Error("ihk_mc: no HAL before process_init");
  return theHal;
}

/** APIC id of the CPU running the caller. */
export function ihk_mc_hwid(): number {
  return ihk_mc().ihk_mc_get_hardware_processor_id();
}
