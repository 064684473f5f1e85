// The small typed view of the emulated PC that the rest of cn01 uses. Only src/emu/v86/ knows
// how it maps onto v86's internals.

import type { ShareFs } from "./share-fs.ts";
import type { GuestRam } from "./guest-ram.ts";

/** Instantiates v86's WebAssembly module with the imports v86 hands over; returns its exports. */
export type WasmInstantiator = (imports: WebAssembly.Imports) => Promise<WebAssembly.Exports>;

export interface EmulatorConfig {
  memoryBytes: number;
  acpi: boolean;
  cmdline: string;
  bios: Uint8Array;
  vgaBios: Uint8Array;
  /** The kernel and initramfs of a cold boot; omitted when a saved state will be restored. */
  kernel?: { bzimage: Uint8Array; initrd: Uint8Array };
  instantiateWasm: WasmInstantiator;
}

export interface PortHandlers {
  read8?: () => number;
  read16?: () => number;
  read32?: () => number;
  write8?: (value: number) => void;
  write16?: (value: number) => void;
  write32?: (value: number) => void;
}

export interface Emulator {
  /** The virtio-9p file system (the guest's home share). */
  readonly share: ShareFs;
  /** A fast view of guest physical memory. */
  readonly ram: GuestRam;

  /** Registers synchronous I/O port handlers (lost on restore: register again after it). */
  registerPort(port: number, handlers: PortHandlers): void;
  raiseIrq(line: number): void;
  lowerIrq(line: number): void;

  onSerialByte(listener: (byte: number) => void): void;
  sendSerial(bytes: Uint8Array): void;

  /**
   * Replaces v86's own yield (a nested worker in browsers) with the caller's loop: v86 calls
   * onYield(delayMs) after each slice, or when an interrupt wakes a halted CPU; delayMs < 1
   * means "run me again at once", otherwise the CPU halts until that many ms have passed.
   */
  takeOverScheduling(onYield: (delayMs: number) => void): void;
  /** Runs one v86 slice (about 1 ms of guest code, less if the guest halts). */
  runSlice(): void;

  start(): void;
  stop(): Promise<void>;
  /** Hardware reset of the CPU and devices (the guest reboots). */
  reset(): void;
  destroy(): Promise<void>;

  saveState(): Promise<ArrayBuffer>;
  /** Restores a saved state; only into a PC that has not been started. */
  restoreState(state: ArrayBuffer): Promise<void>;
  /** Guest instructions retired so far (wraps at 2^32). */
  instructionCount(): number;
}
