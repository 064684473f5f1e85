// The boot parameters IHK left for us (struct ihk_boot_param), read once at boot.

import { BOOT_PARAM, MAX_CPU_IDS } from "../../abi/ihk-board.ts";
import { StructView } from "../../abi/layout.ts";
import type { IhkMcHal } from "../hal.ts";

export interface BootParam {
  start: number;
  end: number;
  msgBuffer: number;
  imageSize: number;
  nsPerTsc: number;
  /** Wall clock when the instance booted. */
  bootSec: number;
  bootNsec: number;
  ikcIrq: number;
  ikcIrqApicId: number;
  cpuHwIds: number[];
  kernelArgs: string;
}

export function bootParamView(hal: IhkMcHal): StructView {
  return new StructView(BOOT_PARAM, hal.ihk_mc_map_phys(hal.ihk_mc_get_boot_param(), BOOT_PARAM.size), 0);
}

export function readBootParam(hal: IhkMcHal): BootParam {
  const bp = bootParamView(hal);
  const nrCpus = Math.min(bp.get("nr_cpus"), MAX_CPU_IDS);
  return {
    start: bp.get("start"),
    end: bp.get("end"),
    msgBuffer: bp.get("msg_buffer"),
    imageSize: bp.get("image_size"),
    nsPerTsc: bp.get("ns_per_tsc"),
    bootSec: bp.get("boot_sec"),
    bootNsec: bp.get("boot_nsec"),
    ikcIrq: bp.get("ikc_irq"),
    ikcIrqApicId: bp.get("ikc_irq_apicid"),
    cpuHwIds: Array.from({ length: nrCpus }, (_, i) => bp.get("cpu_hw_ids", i)),
    kernelArgs: bp.getString("kernel_args"),
  };
}

/** Reports boot progress (IHK_BOOT_STATUS_*) where IHK looks for it. */
export function setBootStatus(hal: IhkMcHal, status: number): void {
  bootParamView(hal).set("status", status);
}

export function setFreePages(hal: IhkMcHal, pages: number): void {
  bootParamView(hal).set("free_pages", pages);
}
