import { CodeCache, type Block } from "./code-cache.ts";
import { CpuFault, formatFault, generalProtection } from "./fault.ts";
import { LazyFlags } from "./flags.ts";
import { helpers } from "./helpers.ts";
import { Mmu } from "./mmu.ts";
import { opcodeTables } from "./opcodes.ts";
import { TRAP_HLT, TRAP_INT, TRAP_NONE, TRAP_SYSENTER } from "./traps.ts";
import { VectorFile } from "./vector-file.ts";
import { Fpu } from "./x87.ts";
import type { CoreState, FaultInfo, PagingConfig, PhysicalMemory, RunResult } from "./types.ts";

/** A user-mode i386 CPU. See README.md for the contract. */
export class X86Core extends LazyFlags {
  /** EAX ECX EDX EBX ESP EBP ESI EDI. */
  readonly regs = new Int32Array(8);
  eip = 0;
  readonly segSelector = new Int32Array(6);
  /** Segment bases (only FS and GS may be non-zero); read by generated code. */
  readonly segBase = new Int32Array(6);
  readonly fpu = new Fpu();
  /** XMM registers and vector scratch space used by generated code. */
  readonly vec = new VectorFile();
  readonly xmm = this.vec.xmm;
  mxcsr = 0x1f80;
  /** Set by generated code to stop the run loop after the current block. */
  trapKind = TRAP_NONE;
  trapVector = 0;
  /** Instructions retired by earlier runs. */
  retired = 0;
  /** Budget left in the current run when the executing block started. */
  runLeft = 0;
  /** Instructions of completed iterations of the executing loop block. */
  loopDone = 0;
  private runBudget = 0;
  readonly mmu: Mmu;
  private readonly cache: CodeCache;
  private readonly descriptors = new Map<number, number>();

  constructor(memory: PhysicalMemory) {
    super();
    this.mmu = new Mmu(memory);
    this.cache = new CodeCache(this.mmu, opcodeTables);
  }

  get eflags(): number {
    return this.getFlags();
  }

  set eflags(v: number) {
    this.setFlags(v);
  }

  // ---- segments ----------------------------------------------------------------------

  setSegment(seg: number, selector: number, base: number): void {
    this.segSelector[seg] = selector & 0xffff;
    this.segBase[seg] = base | 0;
  }

  segmentBase(seg: number): number {
    return this.segBase[seg] >>> 0;
  }

  segmentSelector(seg: number): number {
    return this.segSelector[seg];
  }

  /** Declares what a guest load of `selector` into a segment register yields. */
  defineDescriptor(selector: number, base: number): void {
    this.descriptors.set(selector >> 3 | (selector & 4), base | 0);
  }

  /** A guest `mov sreg`/`pop sreg`: raises #GP for selectors the host did not define. */
  loadSegment(seg: number, selector: number): void {
    selector &= 0xffff;
    let base = 0;
    if ((selector & ~3) !== 0) {
      const known = this.descriptors.get(selector >> 3 | (selector & 4));
      if (known === undefined) throw generalProtection(selector & ~3);
      base = known;
    } else if (seg === 2) {
      throw generalProtection(0);
    }
    if (base !== 0 && seg < 4) throw generalProtection(selector & ~3);
    this.segSelector[seg] = selector;
    this.segBase[seg] = base;
  }

  // ---- paging and code cache ------------------------------------------------------------

  setPaging(config: PagingConfig): void {
    this.mmu.paging = config.enabled;
    this.mmu.cr3 = (config.cr3 ?? 0) >>> 0;
    this.mmu.pse = config.pse ?? false;
    this.flushTlb();
  }

  flushTlb(): void {
    this.mmu.flush();
    this.cache.flushLinear();
  }

  invalidatePage(linear: number): void {
    this.mmu.invalidatePage(linear);
    this.cache.flushLinear();
  }

  invalidatePhysical(start: number, length: number): void {
    this.cache.invalidatePhysical(start, length);
  }

  get blocksCompiled(): number {
    return this.cache.compiled;
  }

  // ---- running -------------------------------------------------------------------------

  run(budget: number): RunResult {
    this.mmu.refresh();
    const r = this.regs, m = this.mmu;
    let left = budget;
    this.runBudget = budget;
    let block: Block | undefined;
    this.trapKind = TRAP_NONE;
    try {
      while (left > 0) {
        block = undefined;
        let b = this.cache.lookup(this.eip);
        if (b.count > left) b = this.cache.lookupSingle(this.eip);
        block = b;
        this.runLeft = left;
        b.fn(this, r, m, helpers);
        left -= b.loops ? b.count + this.loopDone : b.count;
        if (this.trapKind !== TRAP_NONE) return this.finish(this.trapResult(budget - left));
      }
      return this.finish({ kind: "budget", executed: budget - left });
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      const done = block === undefined ? 0
        : Math.max(0, block.starts.indexOf(this.eip)) + (block.loops ? this.loopDone : 0);
      return this.finish({ kind: "fault", fault: e.info, executed: budget - left + done });
    }
  }

  private trapResult(executed: number): RunResult {
    const kind = this.trapKind;
    this.trapKind = TRAP_NONE;
    if (kind === TRAP_INT) return { kind: "interrupt", vector: this.trapVector, executed };
    if (kind === TRAP_HLT) return { kind: "hlt", executed };
    if (kind === TRAP_SYSENTER) return { kind: "sysenter", executed };
    throw new Error(`unknown trap kind ${kind}`);
  }

  private finish(result: RunResult): RunResult {
    this.retired += result.executed;
    return result;
  }

  /** Time stamp counter: instructions retired, counted at block granularity. */
  timeStamp(): number {
    return this.retired + this.runBudget - this.runLeft + this.loopDone;
  }

  formatFault(fault: FaultInfo): string {
    return formatFault(fault, this.eip);
  }

  // ---- state -----------------------------------------------------------------------------

  getState(): CoreState {
    return {
      gpr: Array.from(this.regs, (v) => v >>> 0),
      eip: this.eip >>> 0,
      eflags: this.getFlags() >>> 0,
      segments: Array.from(this.segSelector, (selector, i) => ({ selector, base: this.segBase[i] >>> 0 })),
      fpu: this.fpu.save(),
      xmm: Array.from(this.xmm, (v) => v >>> 0),
      mxcsr: this.mxcsr,
    };
  }

  setState(s: CoreState): void {
    this.regs.set(s.gpr.map((v) => v | 0));
    this.eip = s.eip >>> 0;
    this.setFlags(s.eflags);
    s.segments.forEach((seg, i) => this.setSegment(i, seg.selector, seg.base));
    this.fpu.load(s.fpu);
    this.xmm.set(s.xmm.map((v) => v | 0));
    this.mxcsr = s.mxcsr;
  }
}
