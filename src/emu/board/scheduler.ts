// The board's one scheduler: interleaves v86 slices (about 1 ms each) with slices of
// co-processor work (the LWK cores) in the board's thread. While the guest halts, the
// co-processors get all the time until v86's next timer is due; when they idle, v86 runs alone,
// and when both idle the board sleeps until the earliest of v86's and the co-processors' timers.

import type { LoopHost } from "./loop-host.ts";

/** Work that runs beside v86 in short slices (the emulated LWK cores). */
export interface Coprocessor {
  /** True when it has something to run now. */
  busy(): boolean;
  /** Runs for at most budgetMs and returns. */
  runSlice(budgetMs: number): void;
  /** When it next has work without being woken (its earliest timer), on the loop host's clock. */
  nextDueAt(): number | undefined;
}

/** The CPU emulated by v86, as the scheduler sees it. */
export interface SliceRunner {
  runSlice(): void;
}

export interface SchedulerStats {
  wallMs: number;
  v86Ms: number;
  coprocessorMs: number;
  v86Slices: number;
  coprocessorSlices: number;
  /** The longest co-processor slice (its budget is at most HALTED_SLICE_MS; the rest is overrun). */
  coprocessorMaxSliceMs: number;
}

/** Co-processor budget per slice while the guest is busy: v86 and co-processors share ~50/50. */
export const SHARED_SLICE_MS = 1;
/** Co-processor budget per slice while the guest halts; longer slices make Linux lose PIT ticks. */
export const HALTED_SLICE_MS = 2;

function emptyStats(): SchedulerStats {
  return { wallMs: 0, v86Ms: 0, coprocessorMs: 0, v86Slices: 0, coprocessorSlices: 0, coprocessorMaxSliceMs: 0 };
}

export class Scheduler {
  private readonly coprocessors: Coprocessor[] = [];
  private nextCoprocessor = 0;
  /** When v86 wants its next slice; undefined while it is stopped. */
  private v86DueAt: number | undefined;
  private posted = false;
  private cancelTimer: (() => void) | undefined;
  private timerDueAt = Infinity;
  private stats: SchedulerStats = emptyStats();
  private statsSince: number;

  constructor(private readonly cpu: SliceRunner, private readonly host: LoopHost) {
    this.statsSince = host.now();
  }

  /** v86's yield: delayMs < 1 asks for another slice at once, more means the guest halted. */
  onV86Yield(delayMs: number): void {
    this.v86DueAt = this.host.now() + (delayMs < 1 ? 0 : delayMs);
    this.wake();
  }

  addCoprocessor(coprocessor: Coprocessor): void {
    this.coprocessors.push(coprocessor);
    this.wake();
  }

  /** Co-processors call this when they get work (or a new timer) while the board may be idle. */
  wake(): void {
    if (this.posted) return;
    const now = this.host.now();
    const v86Ready = this.v86DueAt !== undefined && this.v86DueAt <= now;
    if (v86Ready || this.coprocessors.some((c) => c.busy())) {
      this.clearTimer();
      this.posted = true;
      this.host.post(() => this.turn());
      return;
    }
    const dueAt = this.coprocessors.reduce((at, c) => Math.min(at, c.nextDueAt() ?? Infinity), this.v86DueAt ?? Infinity);
    if (dueAt < this.timerDueAt) {
      this.clearTimer();
      this.timerDueAt = dueAt;
      this.cancelTimer = this.host.after(Math.max(0, dueAt - now), () => {
        this.cancelTimer = undefined;
        this.timerDueAt = Infinity;
        this.wake();
      });
    }
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerDueAt = Infinity;
  }

  getStats(): SchedulerStats {
    return { ...this.stats, wallMs: this.host.now() - this.statsSince };
  }

  resetStats(): void {
    this.stats = emptyStats();
    this.statsSince = this.host.now();
  }

  private turn(): void {
    this.posted = false;
    const start = this.host.now();
    if (this.v86DueAt !== undefined && this.v86DueAt <= start) {
      // v86 re-arms v86DueAt through onV86Yield unless it stopped.
      this.v86DueAt = undefined;
      this.cpu.runSlice();
      this.stats.v86Ms += this.host.now() - start;
      this.stats.v86Slices++;
    }
    const coprocessor = this.busyCoprocessor();
    if (coprocessor !== undefined) {
      const now = this.host.now();
      const halted = this.v86DueAt === undefined || this.v86DueAt > now;
      coprocessor.runSlice(halted ? HALTED_SLICE_MS : SHARED_SLICE_MS);
      const ms = this.host.now() - now;
      this.stats.coprocessorMs += ms;
      this.stats.coprocessorSlices++;
      this.stats.coprocessorMaxSliceMs = Math.max(this.stats.coprocessorMaxSliceMs, ms);
    }
    this.wake();
  }

  /** Round robin over co-processors that have work. */
  private busyCoprocessor(): Coprocessor | undefined {
    for (let i = 0; i < this.coprocessors.length; i++) {
      const index = (this.nextCoprocessor + i) % this.coprocessors.length;
      const candidate = this.coprocessors[index]!;
      if (candidate.busy()) {
        this.nextCoprocessor = index + 1;
        return candidate;
      }
    }
    return undefined;
  }
}
