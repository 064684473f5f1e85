// Writes images/dist/machine.json: everything the board needs to boot the
// guest, derived from machine.in.json and the built files, so that no boot
// parameter lives in two places.
//   tsx images/write-machine.ts <dist dir> <kernel release>
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface MachineInput {
  name: string;
  cpus: number;
  memoryBytes: number;
  acpi: boolean;
  cmdline: string;
  share9p: { tag: string; mountPoint: string; options: string };
  user: { name: string; uid: number; gid: number; home: string };
  prompt: string;
}

const FILES = {
  bios: "bios.bin",
  vgaBios: "vgabios-stdvga.bin",
  bzimage: "bzImage",
  initrd: "initrd.img",
  home: "home.tar",
} as const;

function describe(dist: string, path: string) {
  const data = readFileSync(join(dist, path));
  return { path, sha256: createHash("sha256").update(data).digest("hex"), size: data.length };
}

function main(dist: string, kernelRelease: string): void {
  const input = JSON.parse(
    readFileSync(new URL("./machine.in.json", import.meta.url), "utf8"),
  ) as MachineInput;
  const { share9p } = input;
  // The guest's /init reads the home share from the command line.
  const cmdline = `${input.cmdline} cn01.home=${share9p.tag}:${share9p.options}`;
  const files = Object.fromEntries(
    Object.entries(FILES).map(([key, path]) => [key, describe(dist, path)]),
  );
  const machine = { ...input, kernelRelease, cmdline, files };
  writeFileSync(join(dist, "machine.json"), JSON.stringify(machine, null, 2) + "\n");
}

const [dist, release] = process.argv.slice(2);
if (!dist || !release) {
  console.error("usage: write-machine.ts <dist dir> <kernel release>");
  process.exit(2);
}
main(dist, release);
