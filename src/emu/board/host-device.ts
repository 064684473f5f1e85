// The hook for devices the board adds to the PC (later: the IHK board device). v86's saved
// state does not include them: their handlers are attached after every boot and restore, and
// their own state is saved beside the snapshot.

import type { Emulator } from "../v86/emulator.ts";

export type DeviceBus = Pick<Emulator, "registerPort" | "raiseIrq" | "lowerIrq" | "ram">;

export interface HostDevice {
  /** Key of its state in the snapshot header. */
  readonly name: string;
  /** Registers port and IRQ handlers on a freshly booted or restored PC. */
  attach(bus: DeviceBus): void;
  /** JSON-serialisable state. */
  saveState(): unknown;
  restoreState(state: unknown): void;
}
