import { describe, expect, it } from "vitest";
import { createImmediateLoopHost } from "../../src/emu/board/loop-host.ts";
import { HALTED_SLICE_MS, Scheduler, SHARED_SLICE_MS, type Coprocessor } from "../../src/emu/board/scheduler.ts";
import { drain, fakeCpu, VirtualLoop } from "./virtual-loop.ts";

function fakeCoprocessor(loop: VirtualLoop, name: string, slices: number, log: string[]): Coprocessor {
  let left = slices;
  return {
    busy: () => left > 0,
    nextDueAt: () => undefined,
    runSlice(budgetMs) {
      log.push(`${name}@${loop.time}:${budgetMs}`);
      loop.time += budgetMs;
      left--;
    },
  };
}

describe("Scheduler", () => {
  it("runs v86 slice after slice while the guest is busy", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [0, 0, 0], log);
    scheduler.onV86Yield(0);
    drain(loop);
    expect(log).toEqual(["v86@0", "v86@1", "v86@2", "v86@3"]);
    expect(scheduler.getStats().v86Slices).toBe(4);
  });

  it("alternates v86 and co-processor slices of SHARED_SLICE_MS while both are busy", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [0, 0], log);
    scheduler.addCoprocessor(fakeCoprocessor(loop, "lwk", 2, log));
    scheduler.onV86Yield(0);
    drain(loop);
    expect(log).toEqual(["v86@0", `lwk@1:${SHARED_SLICE_MS}`, "v86@2", `lwk@3:${SHARED_SLICE_MS}`, "v86@4"]);
    const stats = scheduler.getStats();
    expect([stats.coprocessorSlices, stats.coprocessorMs, stats.coprocessorMaxSliceMs]).toEqual([2, 2 * SHARED_SLICE_MS, SHARED_SLICE_MS]);
  });

  it("gives a halted guest's time to co-processors in HALTED_SLICE_MS slices until v86's timer is due", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [6, 0], log);
    scheduler.addCoprocessor(fakeCoprocessor(loop, "lwk", 4, log));
    scheduler.onV86Yield(0);
    drain(loop);
    // v86 runs 0..1 and halts until 7: the LWK gets 1..7; then both are busy and share.
    expect(log).toEqual([
      "v86@0", `lwk@1:${HALTED_SLICE_MS}`, `lwk@3:${HALTED_SLICE_MS}`, `lwk@5:${HALTED_SLICE_MS}`,
      "v86@7", `lwk@8:${SHARED_SLICE_MS}`, "v86@9",
    ]);
  });

  it("sleeps on a timer while the guest halts and nothing else has work", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [10, 0], log);
    scheduler.onV86Yield(0);
    loop.step();
    expect(loop.posted).toHaveLength(0);
    expect(loop.timers.filter((t) => t.live).map((t) => t.at)).toEqual([11]);
    drain(loop);
    expect(log).toEqual(["v86@0", "v86@11", "v86@12"]);
  });

  it("sleeps until the earliest of v86's and the co-processors' timers", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [50, 50], log);
    let dueAt: number | undefined = 20;
    scheduler.addCoprocessor({
      busy: () => dueAt !== undefined && dueAt <= loop.time,
      nextDueAt: () => dueAt,
      runSlice() {
        log.push(`lwk@${loop.time}`);
        dueAt = undefined;
      },
    });
    scheduler.onV86Yield(0);
    drain(loop);
    expect(log).toEqual(["v86@0", "lwk@20", "v86@51", "v86@102"]);
  });

  it("wakes a halted guest at once when an interrupt arrives", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [50], log);
    scheduler.onV86Yield(0);
    loop.step();
    loop.time = 5;
    scheduler.onV86Yield(0); // e.g. serial input raised an IRQ
    drain(loop);
    expect(log).toEqual(["v86@0", "v86@5"]);
  });

  it("shares co-processor time round robin", () => {
    const loop = new VirtualLoop();
    const log: string[] = [];
    const scheduler = fakeCpu(loop, [], log);
    scheduler.addCoprocessor(fakeCoprocessor(loop, "a", 2, log));
    scheduler.addCoprocessor(fakeCoprocessor(loop, "b", 2, log));
    drain(loop);
    expect(log.map((l) => l.split("@")[0])).toEqual(["a", "b", "a", "b"]);
  });

  it("keeps running slices in Node's real event loop (a starving loop would time out)", async () => {
    const loop = createImmediateLoopHost();
    let slices = 0;
    let scheduler: Scheduler;
    const done = new Promise<void>((resolve) => {
      scheduler = new Scheduler({
        runSlice() {
          slices++;
          if (slices < 2000) scheduler.onV86Yield(0);
          else resolve();
        },
      }, loop);
    });
    scheduler!.onV86Yield(0);
    await done;
    expect(slices).toBe(2000);
    expect(scheduler!.getStats().v86Slices).toBe(2000);
  });
});
