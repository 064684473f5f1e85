// The LWK CPUs as the board runs them: tiny LWKs written here (LwkImage objects) on real x86
// cores over a RAM array, with a virtual clock, and beside the real scheduler.

import { describe, expect, it } from "vitest";
import { INITIAL_BUDGET, LwkCores, type LwkBoot } from "../../src/emu/board/ihk-cores.ts";
import { SHARED_SLICE_MS } from "../../src/emu/board/scheduler.ts";
import { Reg } from "../../src/emu/x86/index.ts";
import type { IhkMcHal, LwkImage } from "../../src/lwk/hal.ts";
import { drain, fakeCpu, VirtualLoop } from "./virtual-loop.ts";

const MiB = 2 ** 20;
const MEMORY = { start: 1 * MiB, size: 1 * MiB };
/** `inc eax; jmp .-3`: a loop that never leaves the core by itself. */
const SPIN = [0x40, 0xeb, 0xfd];
/** `mov eax, imm32; hlt`. */
const movHlt = (value: number): number[] => [0xb8, value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24, 0xf4];

interface Rig {
  cores: LwkCores;
  clock: { now: number };
  ram: Uint8Array;
  woken: () => number;
  boot: (image: LwkImage, options?: Partial<LwkBoot>) => { panics: string[]; irqs: () => number; idles: () => number };
  /** Runs slices until nothing can run now (or limit slices). */
  settle: (limit?: number) => void;
}

function rig(clockOwner?: { time: number }): Rig {
  const ram = new Uint8Array(4 * MiB);
  const clock = { now: 0 };
  let woken = 0;
  const now = clockOwner ? () => clockOwner.time : () => clock.now;
  const cores = new LwkCores(() => ({ bytes: () => ram, write: (at, data) => ram.set(data, at) }), () => woken++, now);
  return {
    cores,
    clock,
    ram,
    woken: () => woken,
    boot(image, options = {}) {
      const panics: string[] = [];
      let irqs = 0;
      let idles = 0;
      cores.start({
        os: 0, hwIds: [2, 3], memory: MEMORY, bootParam: MEMORY.start + MEMORY.size - 8192, image,
        onProgress: () => undefined,
        onPanic: (reason) => void panics.push(reason),
        onIdle: () => void idles++,
        onIkcIrq: () => void irqs++,
        ...options,
      });
      return { panics, irqs: () => irqs, idles: () => idles };
    },
    settle(limit = 100) {
      for (let i = 0; i < limit && cores.busy(); i++) cores.runSlice(2);
    },
  };
}

/** An LWK whose start() runs `main` on the BSP with its HAL. */
const lwk = (main: (hal: IhkMcHal) => void): LwkImage => ({ start: main });

/** Boots an LWK whose BSP and CPU 3 have nothing to run; returns its HAL. */
function bootIdleBspAndCpu3(r: Rig): IhkMcHal {
  let hal!: IhkMcHal;
  r.boot(lwk((h) => {
    hal = h;
    h.ihk_mc_set_cpu_runner(() => false);
    h.ihk_mc_boot_cpu(3, () => h.ihk_mc_set_cpu_runner(() => false));
  }));
  r.settle();
  return hal;
}

describe("the LWK CPUs (ihk-cores)", () => {
  it("runs the start entry on the BSP, then each CPU's runner with the instruction budget until it returns false", () => {
    const r = rig();
    const calls: Array<[number, number]> = [];
    let hal!: IhkMcHal;
    const runner = (turns: number) => {
      let left = turns;
      return (budget: number): boolean => {
        calls.push([hal.ihk_mc_get_hardware_processor_id(), budget]);
        return --left > 0;
      };
    };
    const started = r.boot(lwk((h) => {
      hal = h;
      h.ihk_mc_set_cpu_runner(runner(3));
      h.ihk_mc_boot_cpu(3, () => h.ihk_mc_set_cpu_runner(runner(1)));
    }));
    expect(r.cores.busy()).toBe(true);
    r.settle();
    expect(calls.filter(([cpu]) => cpu === 2)).toEqual([[2, INITIAL_BUDGET], [2, INITIAL_BUDGET], [2, INITIAL_BUDGET]]);
    expect(calls.filter(([cpu]) => cpu === 3)).toEqual([[3, INITIAL_BUDGET]]);
    // Both runners said "nothing to run": the board idles, and the instance says so.
    expect(r.cores.busy()).toBe(false);
    expect(started.idles()).toBeGreaterThan(0);
    // New work for CPU 3 (an IPI) gets its runner called again, once; CPU 2 stays idle.
    calls.length = 0;
    hal.ihk_mc_interrupt_cpu(3, () => undefined);
    expect(r.cores.busy()).toBe(true);
    r.settle();
    expect(calls).toEqual([[3, INITIAL_BUDGET]]);
  });

  it("shares slices round robin between CPUs whose runners stay busy", () => {
    const r = rig();
    const order: number[] = [];
    r.boot(lwk((hal) => {
      const busy = (): boolean => {
        order.push(hal.ihk_mc_get_hardware_processor_id());
        r.clock.now += 0.5;
        return true;
      };
      hal.ihk_mc_set_cpu_runner(busy);
      hal.ihk_mc_boot_cpu(3, () => hal.ihk_mc_set_cpu_runner(busy));
    }));
    r.cores.runSlice(2);
    r.cores.runSlice(2);
    // Each slice stops at its deadline (4 calls of 0.5 ms) and the next goes on where it stopped.
    expect(order.length).toBe(8);
    expect(order.slice(1)).toEqual([3, 2, 3, 2, 3, 2, 3]);
  });

  it("runs user code on each CPU's own x86 core over guest RAM, and tunes the budget to short calls", () => {
    const r = rig({ time: 0 });
    // Real time: the budget follows the measured speed.
    const real = new LwkCores(() => ({ bytes: () => r.ram, write: () => undefined }), () => undefined);
    r.ram.set(SPIN, MEMORY.start);
    const executed: number[] = [];
    real.start({
      os: 0, hwIds: [2], memory: MEMORY, bootParam: MEMORY.start + MEMORY.size - 8192,
      image: lwk((hal) => {
        const core = hal.ihk_mc_get_core();
        core.eip = MEMORY.start;
        hal.ihk_mc_set_cpu_runner((budget) => {
          const result = core.run(budget);
          executed.push(result.executed);
          return executed.length < 200;
        });
      }),
      onProgress: () => undefined, onPanic: (reason) => { throw new Error(reason); }, onIdle: () => undefined, onIkcIrq: () => undefined,
    });
    const slices: number[] = [];
    while (real.busy()) {
      const started = performance.now();
      real.runSlice(2);
      slices.push(performance.now() - started);
    }
    expect(executed[0]).toBe(INITIAL_BUDGET);
    expect(executed.every((n) => n > 0)).toBe(true);
    // The budget moved to what about 0.25 ms of this core's speed is.
    expect(real.instructionBudget()).not.toBe(INITIAL_BUDGET);
    // A slice overruns its 2 ms by at most about one call (generous: the machine is shared).
    slices.sort((a, b) => a - b);
    expect(slices[Math.floor(slices.length / 2)]!).toBeLessThan(6);
  });

  it("runs IPIs and doorbells on the CPU they target; doorbells coalesce and wait for a handler", () => {
    const r = rig();
    const log: string[] = [];
    const hal = bootIdleBspAndCpu3(r);
    // Rung before CPU 3 registered a handler: delivered once it does.
    expect(r.cores.ringDoorbell(0, 3)).toBe(true);
    r.settle();
    expect(log).toEqual([]);
    for (const cpu of [3, 2]) {
      hal.ihk_mc_interrupt_cpu(cpu, () => {
        log.push(`ipi on ${hal.ihk_mc_get_hardware_processor_id()}`);
        hal.ihk_mc_register_ikc_handler(() => log.push(`doorbell on ${hal.ihk_mc_get_hardware_processor_id()}`));
      });
    }
    r.settle();
    expect(log.sort()).toEqual(["doorbell on 3", "ipi on 2", "ipi on 3"]);
    log.length = 0;
    // Three rings before the CPU runs: one handler call (it drains its queue anyway).
    for (let i = 0; i < 3; i++) expect(r.cores.ringDoorbell(0, 2)).toBe(true);
    r.settle();
    expect(log).toEqual(["doorbell on 2"]);
    expect(r.cores.ringDoorbell(0, 1)).toBe(false);
    expect(r.cores.ringDoorbell(1, 2)).toBe(false);
  });

  it("raises the IKC interrupt towards Linux through its boot's callback", () => {
    const r = rig();
    const started = r.boot(lwk((hal) => {
      hal.ihk_mc_send_ikc_irq();
      hal.ihk_mc_send_ikc_irq();
    }));
    r.settle();
    expect(started.irqs()).toBe(2);
  });

  it("fires timers in order on their CPUs, not before they are due; a cancelled one never fires", () => {
    const r = rig();
    const fired: string[] = [];
    const hal = bootIdleBspAndCpu3(r);
    const at = (name: string) => () => fired.push(`${name} on ${hal.ihk_mc_get_hardware_processor_id()} at ${hal.ihk_mc_get_ns()}`);
    const woken = r.woken();
    hal.ihk_mc_set_timer(3, 3e6, at("c"));
    hal.ihk_mc_set_timer(2, 1e6, at("a"));
    const cancel = hal.ihk_mc_set_timer(2, 1.5e6, at("x"));
    hal.ihk_mc_set_timer(2, 2e6, at("b"));
    expect(r.woken()).toBeGreaterThan(woken);
    cancel();
    expect(r.cores.busy()).toBe(false);
    expect(r.cores.nextDueAt()).toBe(1);
    r.clock.now = 0.999;
    expect(r.cores.busy()).toBe(false);
    r.clock.now = 2;
    expect(r.cores.busy()).toBe(true);
    r.settle();
    expect(fired).toEqual(["a on 2 at 2000000", "b on 2 at 2000000"]);
    expect(r.cores.nextDueAt()).toBe(3);
    r.clock.now = 5;
    r.settle();
    expect(fired.at(-1)).toBe("c on 3 at 5000000");
    expect(r.cores.nextDueAt()).toBeUndefined();
  });

  it("wakes an idle board when the next LWK timer is due (the scheduler sleeps until then)", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [100], log);
    const r = rig(loop);
    scheduler.addCoprocessor(r.cores);
    r.boot(lwk((hal) => {
      hal.ihk_mc_set_cpu_runner(() => false);
      hal.ihk_mc_set_timer(2, 5e6, () => log.push(`timer@${loop.time}`));
    }));
    scheduler.onV86Yield(0);
    // v86 runs 0..1 and halts for 100 ms; the boot work runs at 1 and arms the timer for 6.
    while (loop.posted.length > 0) loop.step();
    expect(loop.timers.filter((t) => t.live).map((t) => t.at)).toEqual([6]);
    drain(loop);
    expect(log).toEqual(["v86@0", "timer@6", "v86@101"]);
  });

  it("drops code every core compiled when the LWK says something else wrote it", () => {
    const r = rig();
    const code = MEMORY.start + 0x1000;
    r.ram.set(movHlt(1), code);
    const results: number[] = [];
    let hal!: IhkMcHal;
    const runOnce = (): boolean => {
      const core = hal.ihk_mc_get_core();
      core.eip = code;
      core.run(10);
      results.push(core.regs[Reg.EAX]!);
      return false;
    };
    r.boot(lwk((h) => {
      hal = h;
      h.ihk_mc_set_cpu_runner(runOnce);
      h.ihk_mc_boot_cpu(3, () => h.ihk_mc_set_cpu_runner(runOnce));
    }));
    r.settle();
    expect(results).toEqual([1, 1]);
    r.ram.set(movHlt(2), code);
    hal.ihk_mc_interrupt_cpu(2, () => hal.ihk_mc_invalidate_code(code, 6));
    hal.ihk_mc_interrupt_cpu(3, () => undefined);
    r.settle();
    expect(results.slice(2)).toEqual([2, 2]);
  });

  it("panics only the instance whose LWK threw; the other keeps running", () => {
    const r = rig();
    const calls = { 0: 0, 1: 0 };
    const panics: Array<[number, string]> = [];
    for (const os of [0, 1]) {
      r.cores.start({
        os, hwIds: [os + 2], memory: MEMORY, bootParam: MEMORY.start + MEMORY.size - 8192,
        image: lwk((hal) => hal.ihk_mc_set_cpu_runner(() => {
          if (++calls[os as 0 | 1] === 3 && os === 1) throw new Error("divide by zero in the LWK");
          return calls[os as 0 | 1] < 10;
        })),
        onProgress: () => undefined,
        onPanic: (reason) => void panics.push([os, reason]),
        onIdle: () => undefined,
        onIkcIrq: () => undefined,
      });
    }
    r.settle();
    expect(panics).toEqual([[1, "divide by zero in the LWK"]]);
    expect(calls).toEqual({ 0: 10, 1: 3 });
    expect(r.cores.ringDoorbell(1, 3)).toBe(false);
    expect(r.cores.ringDoorbell(0, 2)).toBe(true);
  });

  it("keeps v86 slices flowing while LWK CPUs are always busy", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, Array(20).fill(0), log);
    const r = rig(loop);
    const calls: number[] = [];
    r.boot(lwk((hal) => {
      const busy = (): boolean => {
        calls.push(loop.time);
        loop.time += 0.25;
        return true;
      };
      hal.ihk_mc_set_cpu_runner(busy);
      hal.ihk_mc_boot_cpu(3, () => hal.ihk_mc_set_cpu_runner(busy));
    }));
    scheduler.addCoprocessor(r.cores);
    scheduler.onV86Yield(0);
    drain(loop, 200);
    const v86 = log.map((entry) => Number(entry.split("@")[1]));
    expect(v86.length).toBe(21);
    // Between two v86 slices (1 ms each) the LWK got one shared slice, not more.
    for (let i = 1; i < v86.length; i++) expect(v86[i]! - v86[i - 1]!).toBeLessThanOrEqual(1 + SHARED_SLICE_MS + 0.25);
    expect(calls.length).toBeGreaterThan(20 * 3);
  });
});
