// A fake IHK HAL for LWK tests: a small "physical memory" at an offset, boot parameters and a
// kmsg buffer laid out as ihk-smp-x86 lays them out, and per-CPU queues drained on demand.

import { BOOT_PARAM, BOOT_PARAM_AREA, KMSG_BUF, KMSG_SIZE } from "../../src/abi/ihk-board.ts";
import { field, StructView } from "../../src/abi/layout.ts";
import { X86Core } from "../../src/emu/x86/index.ts";
import type { CpuRunner, IhkMcHal } from "../../src/lwk/hal.ts";

export interface FakeNode {
  hal: IhkMcHal;
  bootParam: StructView;
  /** Runs queued CPU work until none is left (or limit pieces ran); returns how many ran. */
  drain(limit?: number): number;
  kmsg(): string;
  runners: Map<number, CpuRunner>;
}

export function fakeNode(options: { start: number; size: number; hwIds: number[]; kargs?: string; imageSize?: number }): FakeNode {
  const { start, size, hwIds } = options;
  const ram = new Uint8Array(size);
  const end = start + size;
  const kmsgAt = end - KMSG_SIZE;
  const bpAt = kmsgAt - BOOT_PARAM_AREA;
  const local = (pa: number): number => pa - start;
  const bp = new StructView(BOOT_PARAM, ram, local(bpAt));
  bp.set("start", start);
  bp.set("end", end);
  bp.set("msg_buffer", kmsgAt);
  bp.set("image_size", options.imageSize ?? 20000);
  bp.set("ns_per_tsc", 434);
  bp.set("nr_cpus", hwIds.length);
  hwIds.forEach((id, i) => bp.set("cpu_hw_ids", id, i));
  new TextEncoder().encodeInto((options.kargs ?? "hidos") + "\0", ram.subarray(local(bpAt) + field(BOOT_PARAM, "kernel_args").offset));
  const kmsgHead = new StructView(KMSG_BUF, ram, local(kmsgAt));
  kmsgHead.set("len", KMSG_SIZE - KMSG_BUF.size);

  const queues = new Map<number, Array<() => void>>(hwIds.map((id) => [id, []]));
  const runners = new Map<number, CpuRunner>();
  const ikcHandlers = new Map<number, () => void>();
  // The cores see the fake memory at its physical addresses only through the LWK's page tables.
  const cores = new Map(hwIds.map((id) => [id, new X86Core({ u8: ram })]));
  let current: number | undefined;
  const hal: IhkMcHal = {
    ihk_mc_get_boot_param: () => bpAt,
    ihk_mc_map_phys: (pa, length) => {
      if (pa < start || pa + length > end) throw new RangeError(`outside: ${pa.toString(16)}`);
      return ram.subarray(local(pa), local(pa) + length);
    },
    ihk_mc_get_hardware_processor_id: () => {
      if (current === undefined) throw new Error("no CPU running");
      return current;
    },
    ihk_mc_boot_cpu: (hwId, entry) => queues.get(hwId)!.push(entry),
    ihk_mc_interrupt_cpu: (hwId, handler) => queues.get(hwId)!.push(handler),
    ihk_mc_get_core: () => cores.get(current!)!,
    ihk_mc_set_cpu_runner: (runner) => void runners.set(current!, runner),
    ihk_mc_register_ikc_handler: (handler) => void ikcHandlers.set(current!, handler),
    ihk_mc_send_ikc_irq: () => undefined,
    ihk_mc_get_ns: () => 0,
    ihk_mc_set_timer: () => () => undefined,
    ihk_mc_invalidate_code: () => undefined,
    ihk_mc_trace: () => undefined,
  };
  return {
    hal,
    bootParam: bp,
    runners,
    drain(limit = Infinity) {
      let ran = 0;
      for (let progress = true; progress && ran < limit;) {
        progress = false;
        for (const [id, queue] of queues) {
          if (ran >= limit) break;
          const work = queue.shift();
          if (!work) continue;
          current = id;
          work();
          current = undefined;
          ran++;
          progress = true;
        }
      }
      return ran;
    },
    kmsg() {
      const tail = kmsgHead.get("tail");
      return new TextDecoder().decode(ram.subarray(local(kmsgAt) + KMSG_BUF.size, local(kmsgAt) + KMSG_BUF.size + tail));
    },
  };
}

/** Starts an LWK entry on the BSP the way the board does. */
export function bootOn(node: FakeNode, start: (hal: IhkMcHal) => void, bsp: number): void {
  node.hal.ihk_mc_boot_cpu(bsp, () => start(node.hal));
}
