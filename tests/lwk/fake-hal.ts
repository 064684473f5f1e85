// A fake IHK HAL for LWK tests: "physical memory" covering [0, end) (so real X86Core
// instances translate through the LWK's page tables into it), boot parameters, a kmsg buffer
// and the master IKC queues laid out as ihk-smp-x86 lays them out, per-CPU queues of work
// followed by the CPU's runner as the board runs them (src/lwk/hal.ts), doorbells rung by
// hand, and timers on a virtual clock: fired by hand (fireTimers) or, in run(), by moving
// the clock to the next one when every CPU is idle.

import { BOOT_PARAM, BOOT_PARAM_AREA, KMSG_BUF, KMSG_SIZE, MIKC_AREA } from "../../src/abi/ihk-board.ts";
import { IKC_PACKET_SIZE, IKC_QUEUE_HEAD, IKC_QUEUE_MAGIC, IKC_QUEUE_PACKETS, IKC_QUEUE_SIZE } from "../../src/abi/ikc.ts";
import { field, StructView } from "../../src/abi/layout.ts";
import { X86Core } from "../../src/emu/x86/index.ts";
import type { CpuRunner, IhkMcHal, LwkTraceEvent } from "../../src/lwk/hal.ts";

export interface FakeNode {
  hal: IhkMcHal;
  bootParam: StructView;
  /** Runs queued CPU work until none is left (or limit pieces ran); returns how many ran. */
  drain(limit?: number): number;
  kmsg(): string;
  runners: Map<number, CpuRunner>;
  /** Linux rings CPU hwId's doorbell: its IKC handler runs at the next drain. */
  doorbell(hwId: number): void;
  /** How often the LWK raised the IKC interrupt. */
  ikcIrqs(): number;
  /** Every pending timer expires: its handler is queued on its CPU. Returns how many. */
  fireTimers(): number;
  /** Runs work and runners until done() holds or nothing is left (the virtual clock jumps to
   * the next timer when all CPUs idle); throws after maxSteps runner slices. */
  run(done: () => boolean, maxSteps?: number): void;
  /** Runs fn on CPU hwId now (as an IPI handler would run). */
  onCpu<T>(hwId: number, fn: () => T): T;
  /** Virtual nanoseconds since boot. */
  now(): number;
  traces: LwkTraceEvent[];
  cores: Map<number, X86Core>;
}

/** Instructions per runner call (the board tunes its own). */
const RUNNER_BUDGET = 200_000;

export function fakeNode(options: { start: number; size: number; hwIds: number[]; kargs?: string; imageSize?: number }): FakeNode {
  const { start, size, hwIds } = options;
  const end = start + size;
  const ram = new Uint8Array(end);
  const kmsgAt = end - KMSG_SIZE;
  const bpAt = kmsgAt - BOOT_PARAM_AREA;
  const bp = new StructView(BOOT_PARAM, ram, bpAt);
  bp.set("start", start);
  bp.set("end", end);
  bp.set("msg_buffer", kmsgAt);
  bp.set("image_size", options.imageSize ?? 20000);
  bp.set("ns_per_tsc", 434);
  bp.set("nr_cpus", hwIds.length);
  hwIds.forEach((id, i) => bp.set("cpu_hw_ids", id, i));
  new TextEncoder().encodeInto((options.kargs ?? "hidos") + "\0", ram.subarray(bpAt + field(BOOT_PARAM, "kernel_args").offset));
  const kmsgHead = new StructView(KMSG_BUF, ram, kmsgAt);
  kmsgHead.set("len", KMSG_SIZE - KMSG_BUF.size);
  // The master channel: the queue the LWK writes, then the one it reads; Linux is APIC id 0.
  const mikc = bpAt - MIKC_AREA;
  bp.set("mikc_queue_send", mikc);
  bp.set("mikc_queue_recv", mikc + IKC_QUEUE_SIZE);
  [[mikc, 0, hwIds[0]!], [mikc + IKC_QUEUE_SIZE, hwIds[0]!, 0]].forEach(([at, reader, writer]) => {
    const head = new StructView(IKC_QUEUE_HEAD, ram, at!);
    head.set("magic", IKC_QUEUE_MAGIC);
    head.set("pktsize", IKC_PACKET_SIZE);
    head.set("pktcount", IKC_QUEUE_PACKETS);
    head.set("read_cpu", reader!);
    head.set("write_cpu", writer!);
  });

  const queues = new Map<number, Array<() => void>>(hwIds.map((id) => [id, []]));
  const runners = new Map<number, CpuRunner>();
  const ikcHandlers = new Map<number, () => void>();
  const timers: Array<{ hwId: number; due: number; handler: () => void }> = [];
  const armed = new Set<number>();
  const traces: LwkTraceEvent[] = [];
  let clock = 0;
  let ikcIrqs = 0;
  // The cores see the fake memory at its physical addresses only through the LWK's page tables.
  const cores = new Map(hwIds.map((id) => [id, new X86Core({ u8: ram })]));
  let current: number | undefined;
  const hal: IhkMcHal = {
    ihk_mc_get_boot_param: () => bpAt,
    ihk_mc_map_phys: (pa, length) => {
      if (pa < start || pa + length > end) throw new RangeError(`outside: ${pa.toString(16)}`);
      return ram.subarray(pa, pa + length);
    },
    ihk_mc_get_hardware_processor_id: () => {
      if (current === undefined) throw new Error("no CPU running");
      return current;
    },
    ihk_mc_boot_cpu: (hwId, entry) => queues.get(hwId)!.push(entry),
    ihk_mc_interrupt_cpu: (hwId, handler) => {
      const queue = queues.get(hwId);
      if (!queue) throw new RangeError(`no CPU ${hwId}`);
      queue.push(handler);
    },
    ihk_mc_get_core: () => cores.get(current!)!,
    ihk_mc_set_cpu_runner: (runner) => void runners.set(current!, runner),
    ihk_mc_register_ikc_handler: (handler) => void ikcHandlers.set(current!, handler),
    ihk_mc_send_ikc_irq: () => void ikcIrqs++,
    ihk_mc_get_ns: () => clock,
    ihk_mc_set_timer: (hwId, delayNs, handler) => {
      const timer = { hwId, due: clock + delayNs, handler };
      timers.push(timer);
      return () => {
        const at = timers.indexOf(timer);
        if (at >= 0) timers.splice(at, 1);
      };
    },
    ihk_mc_invalidate_code: (pa, length) => {
      for (const core of cores.values()) core.invalidatePhysical(pa, length);
    },
    ihk_mc_trace: (event) => void traces.push(event),
  };
  const onCpu = <T>(hwId: number, fn: () => T): T => {
    const before = current;
    current = hwId;
    try {
      return fn();
    } finally {
      current = before;
    }
  };
  /** One piece of work on each CPU that has some, or its runner when it is armed. */
  const step = (limit: number): number => {
    let ran = 0;
    for (const [id, queue] of queues) {
      if (ran >= limit) break;
      const work = queue.shift();
      if (work) {
        onCpu(id, work);
        armed.add(id);
        ran++;
        continue;
      }
      const runner = runners.get(id);
      if (!runner || !armed.has(id)) continue;
      if (onCpu(id, () => runner(RUNNER_BUDGET))) ran++;
      else armed.delete(id);
    }
    return ran;
  };
  const pending = (): boolean => [...queues.values()].some((q) => q.length > 0);
  return {
    hal,
    bootParam: bp,
    runners,
    doorbell(hwId) {
      const handler = ikcHandlers.get(hwId);
      if (handler) queues.get(hwId)!.push(handler);
    },
    ikcIrqs: () => ikcIrqs,
    traces,
    cores,
    now: () => clock,
    onCpu,
    fireTimers() {
      const due = timers.splice(0);
      for (const { hwId, handler } of due) queues.get(hwId)!.push(handler);
      return due.length;
    },
    drain(limit = Infinity) {
      let ran = 0;
      for (let n = 1; (n > 0 || pending()) && ran < limit;) {
        n = step(limit - ran);
        ran += n;
      }
      return ran;
    },
    run(done, maxSteps = 100_000) {
      for (let steps = 0; !done(); steps++) {
        if (steps >= maxSteps) throw new Error(`fake node: not done after ${maxSteps} steps`);
        if (step(Infinity) > 0 || pending()) continue;
        if (timers.length === 0) return;
        const next = timers.reduce((a, b) => (b.due < a.due ? b : a));
        timers.splice(timers.indexOf(next), 1);
        clock = Math.max(clock, next.due);
        queues.get(next.hwId)!.push(next.handler);
      }
    },
    kmsg() {
      const tail = kmsgHead.get("tail");
      return new TextDecoder().decode(ram.subarray(kmsgAt + KMSG_BUF.size, kmsgAt + KMSG_BUF.size + tail));
    },
  };
}

/** Starts an LWK entry on the BSP the way the board does. */
export function bootOn(node: FakeNode, start: (hal: IhkMcHal) => void, bsp: number): void {
  node.hal.ihk_mc_boot_cpu(bsp, () => start(node.hal));
}
