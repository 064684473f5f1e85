// A loop host on a virtual clock for scheduler tests (tasks run when the test steps it), and a
// v86 stand-in for it.

import type { LoopHost } from "../../src/emu/board/loop-host.ts";
import { Scheduler } from "../../src/emu/board/scheduler.ts";

export class VirtualLoop implements LoopHost {
  time = 0;
  posted: Array<() => void> = [];
  timers: Array<{ at: number; task: () => void; live: boolean }> = [];
  post(task: () => void): void {
    this.posted.push(task);
  }
  after(delayMs: number, task: () => void): () => void {
    const timer = { at: this.time + delayMs, task, live: true };
    this.timers.push(timer);
    return () => void (timer.live = false);
  }
  now(): number {
    return this.time;
  }
  /** Runs the next macrotask, or jumps the clock to the next timer. */
  step(): boolean {
    const task = this.posted.shift();
    if (task) {
      task();
      return true;
    }
    const live = this.timers.filter((t) => t.live).sort((a, b) => a.at - b.at);
    if (live.length === 0) return false;
    const next = live[0]!;
    next.live = false;
    this.time = Math.max(this.time, next.at);
    next.task();
    return true;
  }
}

/** A v86 stand-in: each slice takes 1 ms and then asks for the delays in `plan` (then stops). */
export function fakeCpu(loop: VirtualLoop, plan: number[], log: string[]) {
  let scheduler: Scheduler;
  const cpu = {
    runSlice() {
      log.push(`v86@${loop.time}`);
      loop.time += 1;
      const delay = plan.shift();
      if (delay !== undefined) scheduler.onV86Yield(delay);
    },
  };
  scheduler = new Scheduler(cpu, loop);
  return scheduler;
}

export function drain(loop: VirtualLoop, maxSteps = 1000): void {
  for (let i = 0; i < maxSteps && loop.step(); i++);
}
