// The LWK's boot (McKernel's kernel/init.c), on the BSP: log, boot parameters, memory, the
// master IKC channel, CPUs, then READY for IHK, which is waiting in `ihkosctl boot`. IHK then
// acknowledges the master channel; with `hidos` the LWK opens its channels to mcctrl and
// logs "MCK/IHK booted." once mcctrl took them all (host_link.ts), without it at once.

import { BOOT_STATUS } from "../../abi/ihk-board.ts";
import type { IhkMcHal } from "../hal.ts";
import { ap_start } from "./ap.ts";
import { bootParamView, readBootParam, setBootStatus, setFreePages } from "./bootparam.ts";
import { cpu_init, cpu_local_init } from "./cpu.ts";
import { host_link_init, host_link_register } from "./host_link.ts";
import { kmsg_init, kprintf, kputs } from "./kmsg.ts";
import { mem_init } from "./mem.ts";
import { process_init } from "./process_init.ts";

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
  const params = bootParamView(hal);
  host_link_init(hal, {
    hwIds: bp.cpuHwIds,
    kernelArgs: bp.kernelArgs,
    mikcSend: params.get("mikc_queue_send"),
    mikcRecv: params.get("mikc_queue_recv"),
    linuxCpu: bp.ikcIrqApicId,
    pages,
  });
  process_init(hal, bp, host_link_register);
  cpu_init(hal);
  kprintf(`BSP HW ID = ${bp.cpuHwIds[0]}`);
  ap_start(hal, bp.cpuHwIds, () => setBootStatus(hal, BOOT_STATUS.READY));
}
