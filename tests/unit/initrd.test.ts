import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/cli/paths.ts";
import { concatBytes } from "../../src/emu/board/bytes.ts";
import { inflateInitrd } from "../../src/emu/board/initrd.ts";

/** A newc cpio archive of regular files, padded like GNU cpio's (to 512 bytes). */
function newcArchive(files: Record<string, string>): Uint8Array {
  const hex = (n: number): string => n.toString(16).padStart(8, "0");
  const pad4 = (s: string): string => s + "\0".repeat((4 - (s.length % 4)) % 4);
  let out = "";
  let ino = 1;
  for (const [name, data] of [...Object.entries(files), ["TRAILER!!!", ""] as const]) {
    const fields = [ino++, 0o100644, 0, 0, 1, 0, data.length, 0, 0, 0, 0, name.length + 1, 0];
    out += pad4(`070701${fields.map(hex).join("")}${name}\0`) + pad4(data);
  }
  out += "\0".repeat((512 - (out.length % 512)) % 512);
  return new TextEncoder().encode(out);
}

describe("the initramfs the board hands to Linux", () => {
  it("inflates the built initrd.img's root file system and keeps the ACPI override cpio in front", async () => {
    const image = new Uint8Array(readFileSync(join(REPO_ROOT, "images/dist/initrd.img")));
    const gzipAt = image.findIndex((byte, i) => byte === 0x1f && image[i + 1] === 0x8b);
    const expected = concatBytes(image.subarray(0, gzipAt), gunzipSync(image.subarray(gzipAt)));
    const inflated = await inflateInitrd(image);
    expect(inflated.length).toBeGreaterThan(image.length);
    expect(new TextDecoder().decode(inflated.subarray(gzipAt, gzipAt + 6))).toBe("070701");
    expect(Buffer.from(inflated).equals(Buffer.from(expected))).toBe(true);
  });

  it("skips zero padding between archives", async () => {
    const first = newcArchive({ "x": "1" });
    const second = newcArchive({ "y": "2" });
    const inflated = await inflateInitrd(concatBytes(first, new Uint8Array(512), gzipSync(second)));
    expect(inflated).toEqual(concatBytes(first, new Uint8Array(512), second));
  });

  it("puts the inflated archive on a 4-byte boundary, where Linux's cpio reader looks for it", async () => {
    const first = newcArchive({ "x": "1" });
    const second = newcArchive({ "y": "2" });
    const inflated = await inflateInitrd(concatBytes(first, new Uint8Array(3), gzipSync(second)));
    expect(inflated).toEqual(concatBytes(first, new Uint8Array(4), second));
  });

  it("leaves alone what only Linux can unpack: other compressions, data after the gzip stream, a damaged stream", async () => {
    const rootfs = newcArchive({ init: "#!/bin/sh\n" });
    const xz = concatBytes(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), rootfs);
    const trailing = concatBytes(gzipSync(rootfs), new Uint8Array([0x42, 0x5a, 0x68]));
    const damaged = gzipSync(rootfs).map((b, i) => (i === 20 ? b ^ 0xff : b));
    const uncompressed = rootfs;
    for (const image of [xz, trailing, damaged, uncompressed]) expect(await inflateInitrd(image)).toBe(image);
  });
});
