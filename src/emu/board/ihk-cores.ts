// The LWK CPUs as the board runs them for now: each booted OS instance gets its image
// evaluated as host code, and each of its CPUs a queue of work (start-up, IPIs) that the
// scheduler runs as a co-processor beside v86. The HAL (ihk_mc_*) given to the image is built
// here; it confines the LWK to the memory IHK assigned to it. Later the x86 cores run user
// code from these queues.

import { X86Core } from "../x86/index.ts";
import type { CpuRunner, IhkMcHal, LwkImage } from "../../lwk/hal.ts";
import type { GuestRam } from "../v86/guest-ram.ts";
import type { MemRange } from "./ihk-partition.ts";
import type { Coprocessor } from "./scheduler.ts";

interface LwkCpu {
  hwId: number;
  queue: Array<() => void>;
  core: X86Core;
  runner: CpuRunner | undefined;
  ikcHandler: (() => void) | undefined;
}

export interface LwkBoot {
  os: number;
  /** APIC ids, BSP first. */
  hwIds: readonly number[];
  memory: MemRange;
  bootParam: number;
  image: LwkImage;
  /** After each piece of LWK work (the board looks at the boot status). */
  onProgress: () => void;
  /** The LWK threw: the instance stops. */
  onPanic: (reason: string) => void;
  /** None of its CPUs has anything left to run. */
  onIdle: () => void;
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

class LwkInstance {
  readonly cpus = new Map<number, LwkCpu>();
  private current: LwkCpu | undefined;
  readonly hal: IhkMcHal;

  constructor(readonly boot: LwkBoot, ram: () => GuestRam, wake: () => void) {
    const memory = { get u8() { return ram().bytes(); } };
    for (const hwId of boot.hwIds) this.cpus.set(hwId, { hwId, queue: [], core: new X86Core(memory), runner: undefined, ikcHandler: undefined });
    const memEnd = boot.memory.start + boot.memory.size;
    const cpu = (hwId: number): LwkCpu => {
      const found = this.cpus.get(hwId);
      if (!found) throw new RangeError(`CPU ${hwId} is not assigned to this OS`);
      return found;
    };
    const queue = (hwId: number, work: () => void): void => {
      cpu(hwId).queue.push(work);
      wake();
    };
    this.hal = {
      ihk_mc_get_boot_param: () => boot.bootParam,
      ihk_mc_map_phys: (pa, length) => {
        if (!(pa >= boot.memory.start && length >= 0 && pa + length <= memEnd)) {
          throw new RangeError(`access to 0x${pa.toString(16)} (+${length}) outside the OS memory`);
        }
        return ram().bytes().subarray(pa, pa + length);
      },
      ihk_mc_get_hardware_processor_id: () => this.running().hwId,
      ihk_mc_boot_cpu: queue,
      ihk_mc_interrupt_cpu: queue,
      ihk_mc_get_core: () => this.running().core,
      ihk_mc_set_cpu_runner: (runner) => {
        this.running().runner = runner;
      },
      ihk_mc_register_ikc_handler: (handler) => {
        this.running().ikcHandler = handler;
      },
      ihk_mc_send_ikc_irq: () => undefined,
      ihk_mc_get_ns: () => 0,
      ihk_mc_set_timer: () => () => undefined,
      ihk_mc_invalidate_code: (pa, length) => {
        for (const each of this.cpus.values()) each.core.invalidatePhysical(pa, length);
      },
      ihk_mc_trace: () => undefined,
    };
  }

  /** Runs one queued piece of work; false when there was none. */
  step(): boolean {
    for (const cpu of this.cpus.values()) {
      const work = cpu.queue.shift();
      if (!work) continue;
      this.current = cpu;
      try {
        work();
      } finally {
        this.current = undefined;
      }
      return true;
    }
    return false;
  }

  hasWork(): boolean {
    for (const cpu of this.cpus.values()) if (cpu.queue.length > 0) return true;
    return false;
  }

  private running(): LwkCpu {
    if (!this.current) throw new Error("no LWK CPU is running");
    return this.current;
  }
}

export class LwkCores implements Coprocessor {
  private readonly instances = new Map<number, LwkInstance>();

  constructor(private readonly ram: () => GuestRam, private readonly wake: () => void, private readonly now: () => number = () => performance.now()) {}

  /** Starts the image on the BSP. */
  start(boot: LwkBoot): void {
    const instance = new LwkInstance(boot, this.ram, this.wake);
    this.instances.set(boot.os, instance);
    instance.hal.ihk_mc_boot_cpu(boot.hwIds[0]!, () => boot.image.start(instance.hal));
  }

  stop(os: number): void {
    this.instances.delete(os);
  }

  stopAll(): void {
    this.instances.clear();
  }

  busy(): boolean {
    for (const instance of this.instances.values()) if (instance.hasWork()) return true;
    return false;
  }

  runSlice(budgetMs: number): void {
    const deadline = this.now() + budgetMs;
    let ran = true;
    while (ran && this.now() < deadline) {
      ran = false;
      for (const [os, instance] of [...this.instances]) {
        if (this.instances.get(os) !== instance) continue;
        try {
          if (!instance.step()) continue;
        } catch (error) {
          this.instances.delete(os);
          instance.boot.onPanic((error as Error).message);
          continue;
        }
        ran = true;
        instance.boot.onProgress();
        if (!instance.hasWork()) instance.boot.onIdle();
      }
    }
  }
}
