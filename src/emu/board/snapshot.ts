// The boot snapshot file: a small readable header saying what it was made from, then v86's
// saved state, gzip-compressed. Layout: "CN01SNAP", u32 LE header length, header JSON, gzip data.

import { concatBytes } from "./bytes.ts";
import { gunzip, gunzipStream, gzip } from "./compression.ts";
import { imageDigests, MACHINE_FILE_KEYS, type MachineFileKey, type MachineManifest } from "./machine.ts";

export const SNAPSHOT_FORMAT = 2;
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
  /** The console's last line when the state was saved (the shell's prompt), one char per byte. */
  console: string;
  createdAt: string;
}

export class SnapshotFormatError extends Error {
  override name = "SnapshotFormatError";
}

export function describeSnapshotFor(machine: MachineManifest, memoryBytes: number, devices: Record<string, unknown>, console = ""): SnapshotHeader {
  return {
    format: SNAPSHOT_FORMAT,
    machine: machine.name,
    images: imageDigests(machine),
    memoryBytes,
    acpi: machine.acpi,
    cmdline: machine.cmdline,
    devices,
    console,
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

/** Where the header ends, as the file's start says (checking its magic). */
function declaredHeaderEnd(file: Uint8Array): number {
  if (file.length < MAGIC.length + 4 || !MAGIC.every((b, i) => file[i] === b)) {
    throw new SnapshotFormatError("not a cn01 boot snapshot (bad magic)");
  }
  return MAGIC.length + 4 + new DataView(file.buffer, file.byteOffset).getUint32(MAGIC.length, true);
}

function headerEnd(file: Uint8Array): number {
  const end = declaredHeaderEnd(file);
  if (end > file.length) throw new SnapshotFormatError("boot snapshot is truncated");
  return end;
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

/** A snapshot file being read: its header, and v86's state once inflated. */
export interface OpenedSnapshot {
  header: SnapshotHeader;
  /** Rejects when the file is damaged or its download breaks off. */
  state: Promise<ArrayBuffer>;
}

/** Keeps a promise nobody may await (the snapshot does not fit) from counting as unhandled. */
function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export function openSnapshot(file: Uint8Array): OpenedSnapshot {
  return { header: readSnapshotHeader(file), state: quietly(readSnapshotState(file)) };
}

/**
 * Opens a snapshot file as it arrives: resolves with the header as soon as it is in, while the
 * state inflates from the rest of the stream.
 */
export async function openSnapshotStream(stream: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<OpenedSnapshot> {
  const reader = stream.getReader();
  let head: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  const fill = async (bytes: number): Promise<void> => {
    while (head.length < bytes) {
      const { done, value } = await reader.read();
      if (done) return;
      head = concatBytes(head, value);
    }
  };
  await fill(MAGIC.length + 4);
  await fill(declaredHeaderEnd(head));
  const end = headerEnd(head);
  const header = readSnapshotHeader(head);
  const rest = head.subarray(end);
  const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      if (rest.length > 0) controller.enqueue(rest);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { header, state: quietly(gunzipStream(body).then((state) => state.buffer as ArrayBuffer)) };
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

/** Why a snapshot file cannot be used for this machine (an older format included), or undefined. */
export function snapshotFileMismatch(file: Uint8Array, machine: MachineManifest, memoryBytes: number): string | undefined {
  let header: SnapshotHeader;
  try {
    header = readSnapshotHeader(file);
  } catch (error) {
    if (error instanceof SnapshotFormatError) return error.message;
    throw error;
  }
  return snapshotMismatch(header, machine, memoryBytes);
}
