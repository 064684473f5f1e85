// Command-line arguments of `cn01`.

import { basename } from "node:path";
import { parseArgs } from "node:util";
import type { PutFile } from "./session.ts";

export interface CliArgs {
  help: boolean;
  commands: string | undefined;
  cold: boolean;
  memoryBytes: number | undefined;
  /** Raw --put specs; parsePut resolves them once the guest home is known. */
  putSpecs: string[];
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `usage: cn01 [-c COMMANDS] [--put LOCAL[:GUESTPATH]]... [--cold] [--mem SIZE]

  (no -c)        an interactive shell of the guest on this terminal; Ctrl-] quits
  -c COMMANDS    run COMMANDS in the guest as hpcuser in ~, print their output, exit with their status
  --put L[:G]    copy local file L into the guest home first (G: path in ~, default its name)
  --cold         boot the kernel instead of restoring the boot snapshot
  --mem SIZE     guest RAM, e.g. 512M or 2G (MiB when no unit); other than the snapshot's means a cold boot
`;

const MiB = 2 ** 20;

/**
 * "512M", "2G", "1536" (MiB) → bytes, whole MiB between 128 MiB and 2 GiB: v86 loads the
 * initramfs at 64 MiB, and the BIOS maps at most 2 GiB of RAM below the PCI hole (more would
 * be invisible to Linux).
 */
export function parseMemorySize(text: string): number {
  const match = /^(\d+)([KMG]?)i?B?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--mem: "${text}" is not a size (examples: 512M, 2G)`);
  const unit = { "": MiB, K: 1024, M: MiB, G: 1024 * MiB }[match[2]!.toUpperCase() as "" | "K" | "M" | "G"];
  const bytes = Number(match[1]) * unit;
  if (bytes % MiB !== 0) throw new UsageError(`--mem: ${text} is not a whole number of MiB`);
  if (bytes < 128 * MiB || bytes > 2048 * MiB) throw new UsageError(`--mem: ${text} is outside 128M..2G`);
  return bytes;
}

/** "LOCAL[:GUESTPATH]" → a put; GUESTPATH is relative to ~ or absolute inside home. */
export function parsePut(spec: string, home: string): PutFile {
  const colon = spec.indexOf(":");
  const localPath = colon === -1 ? spec : spec.slice(0, colon);
  let guest = colon === -1 ? "" : spec.slice(colon + 1);
  if (localPath === "") throw new UsageError(`--put ${spec}: no local file`);
  if (guest.startsWith("/")) {
    if (!guest.startsWith(home + "/")) throw new UsageError(`--put ${spec}: the guest path must be inside ${home}`);
    guest = guest.slice(home.length + 1);
  }
  guest = guest.replace(/^~\//, "");
  if (guest === "" || guest.endsWith("/")) guest += basename(localPath);
  if (guest.split("/").includes("..")) throw new UsageError(`--put ${spec}: the guest path must not contain ".."`);
  return { localPath, homePath: guest };
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        help: { type: "boolean", short: "h" },
        c: { type: "string", short: "c" },
        cold: { type: "boolean" },
        mem: { type: "string" },
        put: { type: "string", multiple: true },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  return {
    help: values.help ?? false,
    commands: values.c,
    cold: values.cold ?? false,
    memoryBytes: values.mem === undefined ? undefined : parseMemorySize(values.mem),
    putSpecs: values.put ?? [],
  };
}
