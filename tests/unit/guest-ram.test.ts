// The host's view of guest RAM on a real v86 (loaded, not run): the BIOS image v86 copies
// below 1 MiB must show up at its physical address, and host writes must land in guest RAM.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emu/v86/emulator.ts";
import { createEmulator } from "../../src/emu/v86/v86-emulator.ts";
import { instantiateV86WasmFromPackage } from "../../src/emu/v86/wasm-node.ts";

const MiB = 2 ** 20;
const bios = new Uint8Array(128 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator({
    memoryBytes: 64 * MiB,
    acpi: false,
    cmdline: "",
    bios,
    vgaBios: new Uint8Array(32 * 1024),
    instantiateWasm: instantiateV86WasmFromPackage,
  });
});

afterAll(async () => {
  await emulator.destroy();
});

describe("guest RAM view", () => {
  it("covers all guest RAM and finds the BIOS where the PC has it (just below 1 MiB)", () => {
    const ram = emulator.ram.bytes();
    expect(ram.length).toBe(64 * MiB);
    expect(ram.subarray(MiB - bios.length, MiB)).toEqual(bios);
  });

  it("writes into guest RAM and refuses writes outside it", () => {
    emulator.ram.write(32 * MiB, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    expect(Array.from(emulator.ram.bytes().subarray(32 * MiB, 32 * MiB + 4))).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(() => emulator.ram.write(64 * MiB - 2, new Uint8Array(4))).toThrow(RangeError);
  });
});
