// The home share against v86's real 9p file system (an emulator that is loaded, not run).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emu/v86/emulator.ts";
import { ShareFsError, type ShareEntry } from "../../src/emu/v86/share-fs.ts";
import { createEmulator } from "../../src/emu/v86/v86-emulator.ts";
import { instantiateV86WasmFromPackage } from "../../src/emu/v86/wasm-node.ts";

const owner = { uid: 1000, gid: 1000 };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator({
    memoryBytes: 64 * 2 ** 20,
    acpi: false,
    cmdline: "",
    bios: new Uint8Array(128 * 1024),
    vgaBios: new Uint8Array(32 * 1024),
    instantiateWasm: instantiateV86WasmFromPackage,
  });
});

afterAll(async () => {
  await emulator.destroy();
});

const tree: ShareEntry[] = [
  { path: "src", kind: "dir", mode: 0o755, ...owner, mtime: 1_700_000_000, data: new Uint8Array(0), target: "" },
  { path: "src/hello.c", kind: "file", mode: 0o644, ...owner, mtime: 1_700_000_001, data: text("int main;\n"), target: "" },
  { path: "src/link.c", kind: "symlink", mode: 0o777, ...owner, mtime: 1_700_000_002, data: new Uint8Array(0), target: "hello.c" },
  { path: "bin", kind: "dir", mode: 0o700, ...owner, mtime: 1_700_000_003, data: new Uint8Array(0), target: "" },
  { path: "bin/tool", kind: "file", mode: 0o755, ...owner, mtime: 1_700_000_004, data: new Uint8Array(3000).fill(7), target: "" },
];

describe("the 9p home share", () => {
  it("gives back exactly the tree it was given", async () => {
    await emulator.share.replaceTree(tree);
    const exported = await emulator.share.exportTree();
    const sort = (list: ShareEntry[]) => [...list].sort((a, b) => a.path.localeCompare(b.path));
    expect(sort(exported)).toEqual(sort(tree));
  });

  it("replaces the whole tree, dropping what is not in the new one", async () => {
    await emulator.share.replaceTree(tree);
    await emulator.share.writeFile("extra/new.txt", text("x"), owner);
    await emulator.share.replaceTree(tree.slice(0, 2));
    expect((await emulator.share.exportTree()).map((e) => e.path).sort()).toEqual(["src", "src/hello.c"]);
  });

  it("writes files into missing folders, overwrites them, reads them back", async () => {
    await emulator.share.writeFile("a/b/c.bin", new Uint8Array([1, 2, 3]), owner);
    await emulator.share.writeFile("a/b/c.bin", new Uint8Array([9]), owner, 0o600);
    expect(await emulator.share.readFile("a/b/c.bin")).toEqual(new Uint8Array([9]));
    const entry = (await emulator.share.exportTree()).find((e) => e.path === "a/b/c.bin")!;
    expect(entry).toMatchObject({ mode: 0o600, uid: 1000, gid: 1000 });
  });

  it("removes a folder with its content", async () => {
    await emulator.share.writeFile("gone/deep/x", text("x"), owner);
    await emulator.share.remove("gone");
    expect((await emulator.share.exportTree()).some((e) => e.path.startsWith("gone"))).toBe(false);
    await expect(emulator.share.readFile("gone/deep/x")).rejects.toThrow(ShareFsError);
  });

  it("refuses paths that leave the share or name nothing", async () => {
    await expect(emulator.share.readFile("../etc/passwd")).rejects.toThrow('must not contain ".."');
    await expect(emulator.share.writeFile("/", text("x"), owner)).rejects.toThrow("names the share's root");
    await expect(emulator.share.readFile("src")).rejects.toThrow("not a regular file");
  });

  it("reports one change per host operation (guest changes are covered by the integration tests)", async () => {
    let changes = 0;
    emulator.share.onChange(() => changes++);
    await emulator.share.replaceTree(tree);
    expect(changes).toBe(1);
    await emulator.share.writeFile("made-by-host", text("y"), owner);
    expect(changes).toBe(2);
    await emulator.share.remove("made-by-host");
    expect(changes).toBe(3);
  });
});
