// The LWK CPUs: each booted OS instance gets its image evaluated as host code, and each of its
// CPUs an x86 core over guest RAM, a queue of work (start-up, IPIs, doorbells, expired timers)
// and the runner the LWK installs. The scheduler runs them as a co-processor beside v86 with
// the execution model of src/lwk/hal.ts: per CPU, queued work first, then the runner with an
// instruction budget; round robin over the CPUs of every instance within the slice. The HAL
// (ihk_mc_*) given to the image is built here; it confines the LWK to the memory IHK assigned.

import { BOOT_PARAM } from "../../abi/ihk-board.ts";
import { StructView } from "../../abi/layout.ts";
import { X86Core } from "../x86/index.ts";
import type { CpuRunner, IhkMcHal, LwkImage } from "../../lwk/hal.ts";
import type { GuestRam } from "../v86/guest-ram.ts";
import type { MemRange } from "./ihk-partition.ts";
import { CountingCore } from "./counting-core.ts";
import { LwkActivity } from "./lwk-activity.ts";
import type { Coprocessor } from "./scheduler.ts";

interface LwkCpu {
  readonly hwId: number;
  readonly core: CountingCore;
  queue: Array<() => void>;
  runner: CpuRunner | undefined;
  /** The runner may have something to run: set by queued work, cleared when it returns false. */
  runnable: boolean;
  ikcHandler: (() => void) | undefined;
  /** A doorbell rang and the handler has not run since (doorbells coalesce, like an IRR bit). */
  doorbell: boolean;
}

interface LwkTimer {
  cpu: LwkCpu;
  dueMs: number;
  handler: () => void;
  live: boolean;
}

export interface LwkBoot {
  os: number;
  /** APIC ids, BSP first. */
  hwIds: readonly number[];
  memory: MemRange;
  bootParam: number;
  image: LwkImage;
  /** After each CPU turn that ran something (the board looks at the boot status). */
  onProgress: () => void;
  /** The LWK threw: the instance stops. */
  onPanic: (reason: string) => void;
  /** None of its CPUs has anything left to run and no timer is armed. */
  onIdle: () => void;
  /** The LWK raised the IKC interrupt towards Linux (ihk_mc_send_ikc_irq). */
  onIkcIrq: () => void;
}

export class ImageLoadError extends Error {
  override name = "ImageLoadError";
}

/** Evaluates the image's JavaScript; its bundle defines the global `mckernel`. */
export function evaluateImage(javascript: string): LwkImage {
  let image: unknown;
  try {
    image = (new Function(`${javascript}\n;return typeof mckernel === "undefined" ? undefined : mckernel;`) as () => unknown)();
  } catch (error) {
    throw new ImageLoadError(`the image does not evaluate: ${(error as Error).message}`);
  }
  if (typeof (image as LwkImage | undefined)?.start !== "function") throw new ImageLoadError("the image has no start()");
  return image as LwkImage;
}

/** Instructions per runner call: tuned so that one call takes about CALL_MS. */
const CALL_MS = 0.25;
const MIN_BUDGET = 2_000;
const MAX_BUDGET = 1_000_000;
/** The LWK's pages (ihk_boot_param.free_pages counts 4 KiB pages). */
const PAGE_SIZE = 4096;
export const INITIAL_BUDGET = 20_000;

interface CoreHost {
  ram: () => GuestRam;
  wake: () => void;
  now: () => number;
  activity: LwkActivity;
}

class LwkInstance {
  readonly cpus = new Map<number, LwkCpu>();
  readonly hal: IhkMcHal;
  /** Armed timers, earliest first. */
  private timers: LwkTimer[] = [];
  private current: LwkCpu | undefined;

  constructor(readonly boot: LwkBoot, private readonly host: CoreHost) {
    const memory = { get u8() { return host.ram().bytes(); } };
    for (const hwId of boot.hwIds) {
      this.cpus.set(hwId, { hwId, core: new CountingCore(new X86Core(memory), host.now), queue: [], runner: undefined, runnable: false, ikcHandler: undefined, doorbell: false });
    }
    const bootedAt = host.now();
    const memEnd = boot.memory.start + boot.memory.size;
    this.hal = {
      ihk_mc_get_boot_param: () => boot.bootParam,
      ihk_mc_map_phys: (pa, length) => {
        if (!(pa >= boot.memory.start && length >= 0 && pa + length <= memEnd)) {
          throw new RangeError(`access to 0x${pa.toString(16)} (+${length}) outside the OS memory`);
        }
        return host.ram().bytes().subarray(pa, pa + length);
      },
      ihk_mc_get_hardware_processor_id: () => this.running().hwId,
      ihk_mc_boot_cpu: (hwId, entry) => this.queue(this.cpu(hwId), entry),
      ihk_mc_interrupt_cpu: (hwId, handler) => this.queue(this.cpu(hwId), handler),
      ihk_mc_get_core: () => this.running().core,
      ihk_mc_set_cpu_runner: (runner) => {
        this.running().runner = runner;
      },
      ihk_mc_register_ikc_handler: (handler) => {
        const cpu = this.running();
        cpu.ikcHandler = handler;
        if (cpu.doorbell) this.queue(cpu, () => this.deliverDoorbell(cpu));
      },
      ihk_mc_send_ikc_irq: () => boot.onIkcIrq(),
      ihk_mc_get_ns: () => Math.round((host.now() - bootedAt) * 1e6),
      ihk_mc_set_timer: (hwId, delayNs, handler) => this.setTimer(this.cpu(hwId), delayNs, handler),
      ihk_mc_invalidate_code: (pa, length) => {
        for (const each of this.cpus.values()) each.core.invalidatePhysical(pa, length);
      },
      ihk_mc_trace: (event) => host.activity.record(boot.os, event),
    };
  }

  /** Linux rang CPU hwId's doorbell; false when the instance has no such CPU. */
  ringDoorbell(hwId: number): boolean {
    const cpu = this.cpus.get(hwId);
    if (!cpu) return false;
    if (!cpu.doorbell) {
      cpu.doorbell = true;
      if (cpu.ikcHandler) this.queue(cpu, () => this.deliverDoorbell(cpu));
    }
    return true;
  }

  /** Moves expired timers to their CPUs' queues, in the order they expire. */
  fireTimers(now: number): void {
    while (this.timers.length > 0 && this.timers[0]!.dueMs <= now) {
      const timer = this.timers.shift()!;
      this.queue(timer.cpu, () => {
        if (!timer.live) return;
        timer.live = false;
        timer.handler();
      });
    }
  }

  /** When the earliest timer is due, on the host clock. */
  nextDueAt(): number | undefined {
    return this.timers[0]?.dueMs;
  }

  canRun(cpu: LwkCpu): boolean {
    return cpu.queue.length > 0 || (cpu.runnable && cpu.runner !== undefined);
  }

  /** Nothing to run now and nothing armed for later. */
  idle(): boolean {
    for (const cpu of this.cpus.values()) if (this.canRun(cpu)) return false;
    return this.timers.length === 0;
  }

  /** One turn of a CPU: its queued work, then its runner with budget instructions. */
  turn(cpu: LwkCpu, budget: number): void {
    this.current = cpu;
    try {
      if (cpu.queue.length > 0) {
        // Work queued while this runs waits for the CPU's next turn.
        for (const work of cpu.queue.splice(0)) work();
        cpu.runnable = true;
      }
      if (cpu.runnable && cpu.runner) cpu.runnable = cpu.runner(budget);
    } finally {
      this.current = undefined;
    }
  }

  private queue(cpu: LwkCpu, work: () => void): void {
    cpu.queue.push(work);
    this.host.wake();
  }

  private deliverDoorbell(cpu: LwkCpu): void {
    if (!cpu.doorbell || !cpu.ikcHandler) return;
    cpu.doorbell = false;
    cpu.ikcHandler();
  }

  private setTimer(cpu: LwkCpu, delayNs: number, handler: () => void): () => void {
    if (Number.isNaN(delayNs)) throw new RangeError("ihk_mc_set_timer: the delay is not a number");
    const timer: LwkTimer = { cpu, dueMs: this.host.now() + Math.max(0, delayNs) / 1e6, handler, live: true };
    let at = this.timers.length;
    while (at > 0 && this.timers[at - 1]!.dueMs > timer.dueMs) at--;
    this.timers.splice(at, 0, timer);
    // The board may be asleep until a later moment: it must look again.
    this.host.wake();
    return () => {
      timer.live = false;
      const index = this.timers.indexOf(timer);
      if (index >= 0) this.timers.splice(index, 1);
    };
  }

  private cpu(hwId: number): LwkCpu {
    const found = this.cpus.get(hwId);
    if (!found) throw new RangeError(`CPU ${hwId} is not assigned to this OS`);
    return found;
  }

  private running(): LwkCpu {
    if (!this.current) throw new Error("no LWK CPU is running");
    return this.current;
  }
}

export class LwkCores implements Coprocessor {
  /** What the LWKs report through ihk_mc_trace, aggregated for the board view. */
  readonly activity = new LwkActivity();
  private readonly instances = new Map<number, LwkInstance>();
  private readonly host: CoreHost;
  /** Round-robin position over all CPUs of all instances. */
  private cursor = 0;
  private budget = INITIAL_BUDGET;

  constructor(ram: () => GuestRam, wake: () => void, now: () => number = () => performance.now()) {
    this.host = { ram, wake, now, activity: this.activity };
  }

  /** Starts the image on the BSP. */
  start(boot: LwkBoot): void {
    const instance = new LwkInstance(boot, this.host);
    this.instances.set(boot.os, instance);
    this.activity.started(boot.os, boot.hwIds, () => this.inUseBytes(instance));
    instance.hal.ihk_mc_boot_cpu(boot.hwIds[0]!, () => boot.image.start(instance.hal));
  }

  stop(os: number): void {
    this.instances.delete(os);
    this.activity.stopped(os);
  }

  stopAll(): void {
    for (const os of [...this.instances.keys()]) this.stop(os);
  }

  /** Linux rang the doorbell of CPU hwId of OS os: its IKC handler runs next on that CPU. */
  ringDoorbell(os: number, hwId: number): boolean {
    return this.instances.get(os)?.ringDoorbell(hwId) ?? false;
  }

  /** Instructions the next runner call may execute. */
  instructionBudget(): number {
    return this.budget;
  }

  busy(): boolean {
    const now = this.host.now();
    for (const instance of this.instances.values()) {
      if ((instance.nextDueAt() ?? Infinity) <= now) return true;
      for (const cpu of instance.cpus.values()) if (instance.canRun(cpu)) return true;
    }
    return false;
  }

  nextDueAt(): number | undefined {
    let due: number | undefined;
    for (const instance of this.instances.values()) {
      const at = instance.nextDueAt();
      if (at !== undefined && (due === undefined || at < due)) due = at;
    }
    return due;
  }

  runSlice(budgetMs: number): void {
    const now = this.host.now;
    const deadline = now() + budgetMs;
    for (let ran = true; ran && now() < deadline;) {
      ran = false;
      for (const instance of this.instances.values()) instance.fireTimers(now());
      const cpus = this.allCpus();
      const first = this.cursor;
      for (let i = 0; i < cpus.length && now() < deadline; i++) {
        const [instance, cpu] = cpus[(first + i) % cpus.length]!;
        if (this.instances.get(instance.boot.os) !== instance || !instance.canRun(cpu)) continue;
        this.cursor = (first + i + 1) % cpus.length;
        this.turn(instance, cpu);
        ran = true;
      }
    }
  }

  private turn(instance: LwkInstance, cpu: LwkCpu): void {
    const { executed, runMs } = cpu.core;
    try {
      instance.turn(cpu, this.budget);
    } catch (error) {
      this.stop(instance.boot.os);
      instance.boot.onPanic((error as Error).message);
      return;
    }
    this.tune(cpu.core.executed - executed, cpu.core.runMs - runMs);
    instance.boot.onProgress();
    if (instance.idle()) instance.boot.onIdle();
  }

  /** Keeps the user code of one runner call near CALL_MS at the speed the cores just showed. */
  private tune(instructions: number, ms: number): void {
    if (instructions < this.budget / 2 || ms <= 0) return;
    const fit = (instructions / ms) * CALL_MS;
    this.budget = Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, (this.budget * 3 + fit) / 4)));
  }

  private allCpus(): Array<[LwkInstance, LwkCpu]> {
    const all: Array<[LwkInstance, LwkCpu]> = [];
    for (const instance of this.instances.values()) for (const cpu of instance.cpus.values()) all.push([instance, cpu]);
    return all;
  }

  /** Memory of the instance the LWK does not count as free (ihk_boot_param.free_pages). */
  private inUseBytes(instance: LwkInstance): number | undefined {
    const { memory, bootParam } = instance.boot;
    const free = new StructView(BOOT_PARAM, this.host.ram().bytes(), bootParam).get("free_pages");
    return free === 0 ? undefined : Math.max(0, memory.size - free * PAGE_SIZE);
  }
}
