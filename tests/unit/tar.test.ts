import { describe, expect, it } from "vitest";
import { readTar, TarFormatError } from "../../src/emu/board/tar.ts";
import { homeTarball } from "./fixtures.ts";

describe("readTar", () => {
  it.each(["ustar", "pax", "gnu"] as const)("reads a home tree packed by GNU tar as %s", (format) => {
    const { archive, longName } = homeTarball(format);
    const entries = readTar(archive);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get("src")?.kind).toBe("dir");
    expect(new TextDecoder().decode(byPath.get("src/hello.c")?.data)).toBe("int main(void) { return 0; }\n");
    const tool = byPath.get("install/6.1.176-cn01/bin/tool")!;
    expect(tool.mode).toBe(0o755);
    expect(tool.data.length).toBe(1500);
    expect(tool.data[1499]).toBe(1499 & 0xff);
    expect(byPath.get("src/link.c")).toMatchObject({ kind: "symlink", linkTarget: "hello.c" });
    expect(new TextDecoder().decode(byPath.get(longName)?.data)).toBe("long\n");
    expect(entries.some((e) => e.path === "" || e.path === ".")).toBe(false);
  });

  it("rejects a damaged header", () => {
    const { archive } = homeTarball("ustar");
    const damaged = archive.slice();
    damaged[520] = damaged[520]! ^ 0xff;
    expect(() => readTar(damaged)).toThrow(TarFormatError);
  });

  it("rejects a truncated archive", () => {
    const { archive } = homeTarball("ustar");
    let lastData = archive.length - 1;
    while (archive[lastData] === 0) lastData--;
    expect(() => readTar(archive.subarray(0, lastData))).toThrow(/truncated/);
    expect(() => readTar(archive.subarray(0, 612))).toThrow(/truncated/);
  });
});
