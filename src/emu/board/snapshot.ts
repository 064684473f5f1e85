// The boot snapshot file: a small readable header saying what it was made from, then v86's
// saved state, gzip-compressed. Layout: "CN01SNAP", u32 LE header length, header JSON, gzip data.

import { gunzip, gzip } from "./compression.ts";
import { imageDigests, MACHINE_FILE_KEYS, type MachineFileKey, type MachineManifest } from "./machine.ts";

export const SNAPSHOT_FORMAT = 1;
const MAGIC = new TextEncoder().encode("CN01SNAP");

export interface SnapshotHeader {
  format: number;
  machine: string;
  /** sha256 of every file in machine.json the state was booted from. */
  images: Record<MachineFileKey, string>;
  memoryBytes: number;
  acpi: boolean;
  cmdline: string;
  /** Host device state by device name (not part of v86's own state). */
  devices: Record<string, unknown>;
  createdAt: string;
}

export class SnapshotFormatError extends Error {
  override name = "SnapshotFormatError";
}

export function describeSnapshotFor(machine: MachineManifest, memoryBytes: number, devices: Record<string, unknown>): SnapshotHeader {
  return {
    format: SNAPSHOT_FORMAT,
    machine: machine.name,
    images: imageDigests(machine),
    memoryBytes,
    acpi: machine.acpi,
    cmdline: machine.cmdline,
    devices,
    createdAt: new Date().toISOString(),
  };
}

export async function encodeSnapshot(header: SnapshotHeader, state: ArrayBuffer): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const body = await gzip(new Uint8Array(state));
  const out = new Uint8Array(MAGIC.length + 4 + json.length + body.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  out.set(body, MAGIC.length + 4 + json.length);
  return out;
}

function headerEnd(file: Uint8Array): number {
  if (file.length < MAGIC.length + 4 || !MAGIC.every((b, i) => file[i] === b)) {
    throw new SnapshotFormatError("not a cn01 boot snapshot (bad magic)");
  }
  const length = new DataView(file.buffer, file.byteOffset).getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + length > file.length) throw new SnapshotFormatError("boot snapshot is truncated");
  return MAGIC.length + 4 + length;
}

export function readSnapshotHeader(file: Uint8Array): SnapshotHeader {
  const end = headerEnd(file);
  const header = JSON.parse(new TextDecoder().decode(file.subarray(MAGIC.length + 4, end))) as SnapshotHeader;
  if (header.format !== SNAPSHOT_FORMAT) throw new SnapshotFormatError(`boot snapshot format ${header.format}, expected ${SNAPSHOT_FORMAT}`);
  return header;
}

/** The v86 state inside a snapshot file. */
export async function readSnapshotState(file: Uint8Array): Promise<ArrayBuffer> {
  const state = await gunzip(file.subarray(headerEnd(file)));
  return state.buffer as ArrayBuffer;
}

/** Why a snapshot cannot be used for this machine, or undefined when it can. */
export function snapshotMismatch(header: SnapshotHeader, machine: MachineManifest, memoryBytes: number): string | undefined {
  const current = imageDigests(machine);
  const changed = MACHINE_FILE_KEYS.filter((key) => header.images[key] !== current[key]);
  if (changed.length > 0) return `the boot snapshot was made from other images (${changed.join(", ")} changed)`;
  if (header.memoryBytes !== memoryBytes) {
    return `the boot snapshot has ${header.memoryBytes / 2 ** 20} MiB of RAM, this board ${memoryBytes / 2 ** 20} MiB`;
  }
  if (header.acpi !== machine.acpi || header.cmdline !== machine.cmdline) return "the boot snapshot was made with other boot options";
  return undefined;
}
