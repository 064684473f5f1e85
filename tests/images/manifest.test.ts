// The committed images must have been built from the recipe in the tree:
// any input changed without `npm run images` shows up here.
import { cpSync, mkdtempSync, appendFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkManifest } from "../../images/manifest.ts";

const imagesDir = new URL("../../images/", import.meta.url).pathname;

describe("images/dist/MANIFEST", () => {
  it("matches every input in the tree and every output in dist", () => {
    expect(checkManifest()).toEqual([]);
  });

  describe("on a copy of images/", () => {
    const copy = mkdtempSync(join(tmpdir(), "cn01-images-"));
    cpSync(imagesDir, copy, { recursive: true, filter: (src) => !src.includes("/.cache") });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it("reports an input changed without a rebuild", () => {
      appendFileSync(join(copy, "linux/config.fragment"), "IKCONFIG=y\n");
      expect(checkManifest(copy)).toContain("linux/config.fragment: changed since the images were built");
    });

    it("reports a new input and a changed output", () => {
      appendFileSync(join(copy, "rootfs/files/etc/motd"), "hello\n");
      appendFileSync(join(copy, "dist/bzImage"), "x");
      const problems = checkManifest(copy);
      expect(problems).toContain("rootfs/files/etc/motd: new input, not in MANIFEST");
      expect(problems).toContain("dist/bzImage: differs from MANIFEST");
    });
  });
});
