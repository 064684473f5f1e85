// The machine manifest (images/dist/machine.json): the single place where boot parameters live.
// Everything the board loads or passes to v86 is read from a validated MachineManifest.

export const MACHINE_FILE_KEYS = ["bios", "vgaBios", "bzimage", "initrd", "home"] as const;
export type MachineFileKey = (typeof MACHINE_FILE_KEYS)[number];

export interface MachineFile {
  /** Relative to machine.json's folder. */
  path: string;
  sha256: string;
  size: number;
}

export interface MachineManifest {
  name: string;
  kernelRelease: string;
  memoryBytes: number;
  acpi: boolean;
  cmdline: string;
  files: Record<MachineFileKey, MachineFile>;
  share9p: { tag: string; mountPoint: string; options: string };
  user: { name: string; uid: number; gid: number; home: string };
  prompt: string;
}

export class MachineManifestError extends Error {
  override name = "MachineManifestError";
}

type Json = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new MachineManifestError(`machine.json: ${where} ${what}`);
}

function field(where: string, key: string): string {
  return where ? `${where}.${key}` : key;
}

function object(value: unknown, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "must be an object");
  return value as Json;
}

function text(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== "string" || value.length === 0) fail(field(where, key), "must be a non-empty string");
  return value;
}

function count(obj: Json, key: string, where: string): number {
  const value = obj[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail(field(where, key), "must be a non-negative integer");
  }
  return value;
}

function flag(obj: Json, key: string, where: string): boolean {
  const value = obj[key];
  if (typeof value !== "boolean") fail(field(where, key), "must be true or false");
  return value;
}

function machineFile(value: unknown, where: string): MachineFile {
  const obj = object(value, where);
  const path = text(obj, "path", where);
  // Paths are fetched relative to machine.json: keep them inside its folder.
  if (path.startsWith("/") || path.split("/").includes("..")) fail(`${where}.path`, "must stay inside machine.json's folder");
  const sha256 = text(obj, "sha256", where);
  if (!/^[0-9a-f]{64}$/.test(sha256)) fail(`${where}.sha256`, "must be 64 lowercase hex digits");
  return { path, sha256, size: count(obj, "size", where) };
}

/** Checks a parsed machine.json and returns it typed; throws MachineManifestError naming the bad field. */
export function parseMachineManifest(value: unknown): MachineManifest {
  const root = object(value, "the document");
  const filesObj = object(root.files, "files");
  const files = {} as Record<MachineFileKey, MachineFile>;
  for (const key of MACHINE_FILE_KEYS) files[key] = machineFile(filesObj[key], `files.${key}`);
  const share = object(root.share9p, "share9p");
  const user = object(root.user, "user");
  const memoryBytes = count(root, "memoryBytes", "");
  if (memoryBytes < 64 * 2 ** 20 || memoryBytes % 2 ** 20 !== 0) fail("memoryBytes", "must be a whole number of MiB, at least 64 MiB");
  return {
    name: text(root, "name", ""),
    kernelRelease: text(root, "kernelRelease", ""),
    memoryBytes,
    acpi: flag(root, "acpi", ""),
    cmdline: text(root, "cmdline", ""),
    files,
    share9p: {
      tag: text(share, "tag", "share9p"),
      mountPoint: text(share, "mountPoint", "share9p"),
      options: text(share, "options", "share9p"),
    },
    user: {
      name: text(user, "name", "user"),
      uid: count(user, "uid", "user"),
      gid: count(user, "gid", "user"),
      home: text(user, "home", "user"),
    },
    prompt: text(root, "prompt", ""),
  };
}

/** The identity of a set of images: what a boot snapshot must have been made from. */
export function imageDigests(machine: MachineManifest): Record<MachineFileKey, string> {
  const digests = {} as Record<MachineFileKey, string>;
  for (const key of MACHINE_FILE_KEYS) digests[key] = machine.files[key].sha256;
  return digests;
}
