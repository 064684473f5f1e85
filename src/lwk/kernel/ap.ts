// Starting the application processors (McKernel's kernel/ap.c): the BSP starts each AP
// through the board; each AP initialises itself and tells the BSP with an IPI.

import type { IhkMcHal } from "../hal.ts";
import { cpu_init } from "./cpu.ts";
import { kprintf } from "./kmsg.ts";

export function ap_start(hal: IhkMcHal, hwIds: readonly number[], done: () => void): void {
  const bsp = hwIds[0]!;
  let waiting = hwIds.length - 1;
  const finish = (): void => {
    kprintf("AP Booting: Done");
    done();
  };
  if (waiting === 0) return finish();
  const apOnline = (): void => {
    if (--waiting === 0) finish();
  };
  hwIds.slice(1).forEach((hwId, i) => {
    kprintf(`AP Booting: ${i + 1} (HW ID: ${hwId})`);
    hal.ihk_mc_boot_cpu(hwId, () => {
      cpu_init(hal);
      hal.ihk_mc_interrupt_cpu(bsp, apOnline);
    });
  });
}
