import { describe, expect, it } from "vitest";
import { parseMachineManifest } from "../../src/emu/board/machine.ts";
import {
  describeSnapshotFor, encodeSnapshot, openSnapshot, openSnapshotStream, readSnapshotHeader, readSnapshotState, snapshotMismatch,
  SnapshotFormatError,
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

  describe("opened as it downloads", () => {
    /** A stream that hands out `file` in pieces of `size` bytes and counts the reads. */
    function download(file: Uint8Array, size: number): { stream: ReadableStream<Uint8Array<ArrayBuffer>>; reads: () => number } {
      let at = 0;
      let reads = 0;
      const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
        pull(controller) {
          reads++;
          if (at >= file.length) return controller.close();
          controller.enqueue(file.slice(at, at + size));
          at += size;
        },
      });
      return { stream, reads: () => reads };
    }

    it("gives the header first and the same state as the whole file, however the bytes are cut", async () => {
      const state = new Uint8Array(20_000).map((_, i) => (i * 13) & 0xff);
      const header = describeSnapshotFor(machine, machine.memoryBytes, { ihk: { doorbells: 1 } });
      const file = await encodeSnapshot(header, state.buffer);
      for (const size of [1, 5, 100, 4096, file.length]) {
        const opened = await openSnapshotStream(download(file, size).stream);
        expect(opened.header).toEqual(header);
        expect(new Uint8Array(await opened.state)).toEqual(state);
      }
      expect(new Uint8Array(await openSnapshot(file).state)).toEqual(state);
    });

    it("stops at the first bytes of something that is not a snapshot", async () => {
      const page = download(new TextEncoder().encode("<!doctype html>".repeat(10_000)), 1000);
      await expect(openSnapshotStream(page.stream)).rejects.toThrow("bad magic");
      // The stream's queue reads one piece ahead; the other 148 are never read.
      expect(page.reads()).toBeLessThanOrEqual(2);
    });

    it("rejects the state, not the header, when the download breaks off or the data is damaged", async () => {
      const file = await encodeSnapshot(describeSnapshotFor(machine, machine.memoryBytes, {}), new Uint8Array(100_000).fill(7).buffer);
      const cut = await openSnapshotStream(download(file.subarray(0, file.length - 40), 512).stream);
      await expect(cut.state).rejects.toThrow();
      const damaged = file.slice();
      damaged[damaged.length - 8] ^= 0xff;
      await expect(openSnapshotStream(download(damaged, 512).stream).then((s) => s.state)).rejects.toThrow();
    });
  });
});
