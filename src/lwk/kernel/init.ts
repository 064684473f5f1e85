// The LWK's boot (McKernel's kernel/init.c), on the BSP: log, boot parameters, memory, CPUs,
// then READY for IHK, which is waiting in `ihkosctl boot`.

import { BOOT_STATUS } from "../../abi/ihk-board.ts";
import type { IhkMcHal } from "../hal.ts";
import { ap_start } from "./ap.ts";
import { readBootParam, setBootStatus, setFreePages } from "./bootparam.ts";
import { cpu_init, cpu_local_init } from "./cpu.ts";
import { kmsg_init, kprintf, kputs } from "./kmsg.ts";
import { mem_init } from "./mem.ts";

export function mckernel_main(hal: IhkMcHal): void {
  const bp = readBootParam(hal);
  kmsg_init(hal, bp.msgBuffer);
  kputs("MCK started.\n");
  kprintf(`ns_per_tsc: ${bp.nsPerTsc}`);
  kprintf(`CPU: ${bp.cpuHwIds.join(" ")}`);
  setBootStatus(hal, BOOT_STATUS.BOOTED);
  kprintf(`KCommand Line: ${bp.kernelArgs}`);
  const pages = mem_init(bp);
  setFreePages(hal, pages.count());
  kprintf(`# of cpus : ${bp.cpuHwIds.length}`);
  cpu_local_init(hal, bp.cpuHwIds);
  cpu_init(hal);
  kprintf(`BSP HW ID = ${bp.cpuHwIds[0]}`);
  ap_start(hal, bp.cpuHwIds, () => {
    kputs("MCK/IHK booted.\n");
    setBootStatus(hal, BOOT_STATUS.READY);
  });
}
