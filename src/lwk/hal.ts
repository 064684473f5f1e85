// IHK's hardware abstraction layer as the LWK sees it (ihk_mc_*). The board implements it for
// the emulated cores (src/emu/board/ihk-cores.ts); tests/lwk provide a fake one. The LWK
// touches nothing else: not v86, not the board, not Linux.
//
// Execution model. Each LWK CPU runs, in this order: work queued for it (its start-up entry,
// IPIs from other LWK CPUs, IKC doorbells from Linux, expired timers), then its runner, which
// the LWK installs with ihk_mc_set_cpu_runner. The runner executes user code on the CPU's x86
// core for at most the instruction budget it is given and handles what stopped it (system
// call, fault) before returning. It returns false when the CPU has nothing to run (every
// thread blocked or none); the board then calls it again only after new work was queued for
// that CPU. So waking a thread that lives on another CPU must go through
// ihk_mc_interrupt_cpu, as an IPI would. Nothing may spin: Linux, which serves offloaded
// calls, runs in the same host thread.

import type { CoreState, PagingConfig, RunResult } from "../emu/x86/index.ts";

/** A CPU's x86 core: it runs user code at CPL 3 through the page tables it is given. */
export interface UserCore {
  /** EAX ECX EDX EBX ESP EBP ESI EDI. */
  readonly regs: Int32Array;
  eip: number;
  eflags: number;
  /** Runs at most budget instructions; says why it stopped. */
  run(budget: number): RunResult;
  /** The whole user context (registers, flags, segments, x87/SSE), a deep copy. */
  getState(): CoreState;
  setState(state: CoreState): void;
  setPaging(config: PagingConfig): void;
  /** After page-table changes (like a CR3 reload). */
  flushTlb(): void;
  /** What a `mov` of selector into a segment register loads (the GDT entries set_thread_area fills). */
  defineDescriptor(selector: number, base: number): void;
  /** seg is an index of src/emu/x86 Seg (ES CS SS DS FS GS). */
  setSegment(seg: number, selector: number, base: number): void;
}

/** The CPU's work between interrupts; false = idle. */
export type CpuRunner = (budget: number) => boolean;

/** What the LWK reports for the board view (per-CPU current thread, calls, IKC traffic). */
export type LwkTraceEvent =
  | { type: "cpu"; hwId: number; thread: { pid: number; tid: number; comm: string } | null }
  | { type: "syscall"; hwId: number; pid: number; tid: number; number: number; name: string; offloaded: boolean }
  | { type: "ikc"; direction: "to-linux" | "from-linux"; port: number; msg: string; pid?: number }
  | { type: "process"; pid: number; event: "start" | "exit"; comm: string; status?: number };

export interface IhkMcHal {
  /** Physical address of this instance's struct ihk_boot_param. */
  ihk_mc_get_boot_param(): number;
  /** Guest physical memory [pa, pa + length) of this instance; do not keep it past the call. */
  ihk_mc_map_phys(pa: number, length: number): Uint8Array;
  /** APIC id of the CPU running the caller. */
  ihk_mc_get_hardware_processor_id(): number;
  /** Starts CPU hwId at entry: the board's stand-in for INIT/SIPI. */
  ihk_mc_boot_cpu(hwId: number, entry: () => void): void;
  /** Makes CPU hwId run handler next (an IPI between LWK CPUs). */
  ihk_mc_interrupt_cpu(hwId: number, handler: () => void): void;
  /** The calling CPU's x86 core. */
  ihk_mc_get_core(): UserCore;
  /** Installs the calling CPU's runner (see the execution model above). */
  ihk_mc_set_cpu_runner(runner: CpuRunner): void;
  /** Installs the handler the calling CPU runs when Linux rings its doorbell (IKC packets). */
  ihk_mc_register_ikc_handler(handler: () => void): void;
  /** Raises the IKC interrupt towards Linux (packets wait in a queue Linux reads). */
  ihk_mc_send_ikc_irq(): void;
  /** Nanoseconds since this instance booted; wall clock = boot_sec/boot_nsec + this. */
  ihk_mc_get_ns(): number;
  /** Runs handler on CPU hwId once delayNs have passed (a local APIC timer); returns a cancel. */
  ihk_mc_set_timer(hwId: number, delayNs: number, handler: () => void): () => void;
  /** Something other than the cores wrote code at [pa, pa + length): every core drops what it compiled there. */
  ihk_mc_invalidate_code(pa: number, length: number): void;
  /** Activity for the board view; costs nothing when nobody watches. */
  ihk_mc_trace(event: LwkTraceEvent): void;
}

/** What mckernel.img exports (its bundle's global `mckernel`). */
export interface LwkImage {
  /** Runs on the BSP when the board starts the image. */
  start(hal: IhkMcHal): void;
}
