// The one adapter around v86 0.5.462: builds a V86 instance from an EmulatorConfig and exposes
// it as an Emulator. All casts to v86 internals live in this folder.

import { V86 } from "v86";
import type { Emulator, EmulatorConfig, PortHandlers } from "./emulator.ts";
import { createGuestRam } from "./guest-ram.ts";
import { createShareFs } from "./share-fs.ts";
import type { V86Starter } from "./v86-internals.ts";

/** v86 wants ArrayBuffers holding exactly the image. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer;
}

/** Below this, a freshly loaded PC's RAM holds the BIOS images; above it, it is all zeros. */
const FIRMWARE_AREA_END = 0x100000;

/** Creates the emulated PC, loaded and not running. */
export async function createEmulator(config: EmulatorConfig): Promise<Emulator> {
  let failWasm: (error: unknown) => void = () => undefined;
  const wasmFailed = new Promise<never>((_, reject) => { failWasm = reject; });
  const starter = new V86({
    wasm_fn: (imports) => config.instantiateWasm(imports).catch((error: unknown) => {
      failWasm(error);
      throw error;
    }),
    memory_size: config.memoryBytes,
    acpi: config.acpi,
    cmdline: config.cmdline,
    bios: { buffer: exactBuffer(config.bios) },
    vga_bios: { buffer: exactBuffer(config.vgaBios) },
    ...(config.kernel && {
      bzimage: { buffer: exactBuffer(config.kernel.bzimage) },
      initrd: { buffer: exactBuffer(config.kernel.initrd) },
    }),
    filesystem: {},
    autostart: false,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    log_level: 0,
  });
  await Promise.race([wasmFailed, new Promise<void>((resolve) => starter.add_listener("emulator-loaded", () => resolve()))]);
  return wrap(starter);
}

function wrap(starter: V86): Emulator {
  const internals = starter as unknown as V86Starter;
  const v86 = internals.v86;
  const cpu = v86.cpu;
  let tick = 0;
  let started = false;
  const ram = createGuestRam({
    memory: () => cpu.wasm_memory,
    offset: () => cpu.mem8.byteOffset,
    length: () => cpu.mem8.length,
    invalidateCode: (start, end) => cpu.jit_dirty_cache(start, end),
  });
  const device = { name: "cn01-host-device" };
  return {
    share: createShareFs(internals.fs9p),
    ram,
    registerPort(port: number, handlers: PortHandlers) {
      if (handlers.read8 || handlers.read16 || handlers.read32) {
        cpu.io.register_read(port, device, handlers.read8, handlers.read16, handlers.read32);
      }
      if (handlers.write8 || handlers.write16 || handlers.write32) {
        cpu.io.register_write(port, device, handlers.write8, handlers.write16, handlers.write32);
      }
    },
    raiseIrq: (line) => cpu.device_raise_irq(line),
    lowerIrq: (line) => cpu.device_lower_irq(line),
    onSerialByte(listener) {
      starter.add_listener("serial0-output-byte", listener);
    },
    sendSerial(bytes) {
      starter.serial_send_bytes(0, bytes);
    },
    takeOverScheduling(onYield) {
      v86.unregister_yield();
      v86.yield = (delayMs, nextTick) => {
        tick = nextTick;
        onYield(delayMs);
      };
    },
    runSlice() {
      v86.yield_callback(tick);
    },
    start() {
      started = true;
      void starter.run();
    },
    stop: () => starter.stop(),
    reset: () => cpu.reboot_internal(),
    destroy: () => starter.destroy(),
    saveState: () => starter.save_state(),
    async restoreState(state) {
      if (started) throw new Error("a saved state can only be restored into a PC that has not run");
      // v86 zeroes all guest RAM before unpacking a state; on a PC that never ran only the
      // firmware area is not zero, and zeroing 2 GiB costs seconds and commits all of it.
      const zeroAll = cpu.zero_memory;
      cpu.zero_memory = (start, length) => zeroAll(start, Math.min(length, FIRMWARE_AREA_END - start));
      try {
        await starter.restore_state(state);
      } finally {
        cpu.zero_memory = zeroAll;
      }
    },
    instructionCount: () => starter.get_instruction_counter(),
  };
}
