// The kernel log (McKernel's kputs/kprintf) in the struct ihk_kmsg_buf that Linux reads
// with `ihkosctl 0 kmsg`. kprintf prefixes each line with the McKernel CPU id, -1 before
// the CPU's local state exists.

import { KMSG_BUF, KMSG_SIZE } from "../../abi/ihk-board.ts";
import { StructView } from "../../abi/layout.ts";
import type { IhkMcHal } from "../hal.ts";

let hal: IhkMcHal | undefined;
let buffer = 0;
let currentCpu: () => number = () => -1;

/** At boot: no CPU has its local state yet. */
export function kmsg_init(theHal: IhkMcHal, msgBuffer: number): void {
  hal = theHal;
  buffer = msgBuffer;
  currentCpu = () => -1;
}

/** Where kprintf gets the id of the CPU that prints. */
export function kmsg_set_cpu_id_source(source: () => number): void {
  currentCpu = source;
}

export function kputs(text: string): void {
  if (!hal) return;
  const area = hal.ihk_mc_map_phys(buffer, KMSG_SIZE);
  const head = new StructView(KMSG_BUF, area, 0);
  const len = head.get("len");
  // Linux set len; a value that does not fit means a damaged buffer: keep writing inside ours.
  const capacity = Math.min(len, KMSG_SIZE - KMSG_BUF.size);
  let tail = Math.min(head.get("tail"), capacity);
  for (const byte of new TextEncoder().encode(text)) {
    if (tail >= capacity) {
      tail = 0;
      head.set("wrapped", 1);
    }
    area[KMSG_BUF.size + tail++] = byte;
  }
  head.set("tail", tail);
}

export function kprintf(line: string): void {
  kputs(`[${String(currentCpu()).padStart(3)}]: ${line}\n`);
}
