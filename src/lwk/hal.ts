// IHK's hardware abstraction layer as the LWK sees it (ihk_mc_*). The board implements it for
// the emulated cores; tests/lwk provide a fake one. The LWK touches nothing else.

/** What a CPU hands to its trap entry: the vector and, later, the user context. */
export interface Trap {
  vector: number;
}

export type TrapEntry = (trap: Trap) => void;

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
  /** Installs the calling CPU's trap entry (system calls and faults of user code). */
  ihk_mc_set_trap_entry(entry: TrapEntry): void;
}

/** What mckernel.img exports (its bundle's global `mckernel`). */
export interface LwkImage {
  /** Runs on the BSP when the board starts the image. */
  start(hal: IhkMcHal): void;
}
