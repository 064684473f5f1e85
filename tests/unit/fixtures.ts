// Test fixtures for the board's unit tests: a valid machine manifest and tar archives built
// with the system's tar, so the reader is checked against a real implementation.

import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MachineManifest } from "../../src/emu/board/machine.ts";

const hash = (c: string): string => c.repeat(64);

export function validManifestJson(): Record<string, unknown> {
  return {
    name: "cn01",
    kernelRelease: "6.1.176-cn01",
    memoryBytes: 2147483648,
    acpi: true,
    cmdline: "console=ttyS0 tsc=reliable maxcpus=1",
    files: {
      bios: { path: "bios.bin", sha256: hash("a"), size: 131072 },
      vgaBios: { path: "vgabios-stdvga.bin", sha256: hash("b"), size: 36864 },
      bzimage: { path: "bzImage", sha256: hash("c"), size: 2400000 },
      initrd: { path: "initrd.img", sha256: hash("d"), size: 6000000 },
      home: { path: "home.tar", sha256: hash("e"), size: 20480 },
    },
    share9p: { tag: "host9p", mountPoint: "/home/hpcuser", options: "trans=virtio,version=9p2000.L" },
    user: { name: "hpcuser", uid: 1000, gid: 1000, home: "/home/hpcuser" },
    prompt: "hpcuser@cn01:~$ ",
  };
}

export function validManifest(): MachineManifest {
  return validManifestJson() as unknown as MachineManifest;
}

/** A home tree packed by GNU tar in the given format ("ustar", "pax" or "gnu"). */
export function homeTarball(format: "ustar" | "pax" | "gnu"): { archive: Uint8Array; longName: string } {
  const dir = mkdtempSync(join(tmpdir(), "cn01-tar-"));
  const root = join(dir, "home");
  mkdirSync(join(root, "install/6.1.176-cn01/bin"), { recursive: true });
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src/hello.c"), "int main(void) { return 0; }\n");
  writeFileSync(join(root, "install/6.1.176-cn01/bin/tool"), new Uint8Array(1500).map((_, i) => i & 0xff), { mode: 0o755 });
  symlinkSync("hello.c", join(root, "src/link.c"));
  const longName = "d".repeat(60) + "/" + "f".repeat(70) + ".txt";
  mkdirSync(join(root, "d".repeat(60)));
  writeFileSync(join(root, longName), "long\n");
  const out = join(dir, "home.tar");
  execFileSync("tar", [`--format=${format}`, "--owner=0", "--group=0", "-C", root, "-cf", out, "."]);
  return { archive: new Uint8Array(readFileSync(out)), longName };
}
