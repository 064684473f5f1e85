import { describe, expect, it } from "vitest";
import { parseMachineManifest } from "../../src/emu/board/machine.ts";
import {
  describeSnapshotFor, encodeSnapshot, readSnapshotHeader, readSnapshotState, snapshotMismatch, SnapshotFormatError,
} from "../../src/emu/board/snapshot.ts";
import { validManifestJson } from "./fixtures.ts";

const machine = parseMachineManifest(validManifestJson());

describe("boot snapshot file", () => {
  it("round-trips the header and the compressed state", async () => {
    const state = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
    const header = describeSnapshotFor(machine, machine.memoryBytes, { ihk: { doorbells: 3 } });
    const file = await encodeSnapshot(header, state.buffer);
    expect(file.length).toBeLessThan(state.length / 10);
    expect(readSnapshotHeader(file)).toEqual(header);
    expect(new Uint8Array(await readSnapshotState(file))).toEqual(state);
  });

  it("matches only the same images, RAM size and boot options", () => {
    const header = describeSnapshotFor(machine, machine.memoryBytes, {});
    expect(snapshotMismatch(header, machine, machine.memoryBytes)).toBeUndefined();
    expect(snapshotMismatch(header, machine, 512 * 2 ** 20)).toBe("the boot snapshot has 2048 MiB of RAM, this board 512 MiB");
    const rebuilt = parseMachineManifest(validManifestJson());
    rebuilt.files.initrd.sha256 = "f".repeat(64);
    expect(snapshotMismatch(header, rebuilt, machine.memoryBytes)).toBe("the boot snapshot was made from other images (initrd changed)");
    const otherCmdline = { ...machine, cmdline: machine.cmdline + " quiet" };
    expect(snapshotMismatch(header, otherCmdline, machine.memoryBytes)).toBe("the boot snapshot was made with other boot options");
  });

  it("rejects files that are not snapshots", async () => {
    expect(() => readSnapshotHeader(new TextEncoder().encode("<!doctype html>"))).toThrow(SnapshotFormatError);
    const file = await encodeSnapshot(describeSnapshotFor(machine, machine.memoryBytes, {}), new ArrayBuffer(8));
    expect(() => readSnapshotHeader(file.subarray(0, 20))).toThrow("truncated");
  });
});
