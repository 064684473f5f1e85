// An LWK CPU's x86 core as the LWK gets it (hal.ts UserCore), counting the instructions it
// executes and the time it spends executing them in runs that compiled no new code (compiling
// is slow and passes), so that the board can size the runners' instruction budgets to short calls.

import type { CoreState, PagingConfig, RunResult, X86Core } from "../x86/index.ts";
import type { UserCore } from "../../lwk/hal.ts";

export class CountingCore implements UserCore {
  /** Instructions executed in runs that compiled nothing, since the core was made. */
  executed = 0;
  /** Milliseconds those runs took. */
  runMs = 0;

  constructor(private readonly core: X86Core, private readonly now: () => number) {}

  get regs(): Int32Array {
    return this.core.regs;
  }

  get eip(): number {
    return this.core.eip;
  }

  set eip(value: number) {
    this.core.eip = value;
  }

  get eflags(): number {
    return this.core.eflags;
  }

  set eflags(value: number) {
    this.core.eflags = value;
  }

  run(budget: number): RunResult {
    const compiled = this.core.blocksCompiled;
    const started = this.now();
    const result = this.core.run(budget);
    if (this.core.blocksCompiled === compiled) {
      this.runMs += this.now() - started;
      this.executed += result.executed;
    }
    return result;
  }

  getState(): CoreState {
    return this.core.getState();
  }

  setState(state: CoreState): void {
    this.core.setState(state);
  }

  setPaging(config: PagingConfig): void {
    this.core.setPaging(config);
  }

  flushTlb(): void {
    this.core.flushTlb();
  }

  defineDescriptor(selector: number, base: number): void {
    this.core.defineDescriptor(selector, base);
  }

  setSegment(seg: number, selector: number, base: number): void {
    this.core.setSegment(seg, selector, base);
  }

  /** Drops compiled code at [start, start + length) (the board's duty when others write code). */
  invalidatePhysical(start: number, length: number): void {
    this.core.invalidatePhysical(start, length);
  }
}
