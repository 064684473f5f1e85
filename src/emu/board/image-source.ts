// Where the board gets machine.json and the files it lists: fetched over HTTP in the page,
// read from disk in Node. Every file is checked against machine.json's size and sha256.

import { parseMachineManifest, type MachineFile, type MachineManifest } from "./machine.ts";
import { sha256Hex } from "./sha256.ts";

export type ProgressListener = (loadedBytes: number, totalBytes: number) => void;

export interface ImageSource {
  /** Reads machine.json's text. */
  readManifestText(): Promise<string>;
  /** Reads the bytes of a file listed in machine.json. */
  readFile(file: MachineFile, onProgress: ProgressListener): Promise<Uint8Array>;
}

export class ImageError extends Error {
  override name = "ImageError";
}

export async function loadManifest(source: ImageSource): Promise<MachineManifest> {
  const text = await source.readManifestText();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImageError(`machine.json is not valid JSON: ${(error as Error).message}`);
  }
  return parseMachineManifest(json);
}

/** Reads a file and checks it is the one machine.json describes. */
export async function loadVerifiedFile(source: ImageSource, file: MachineFile, onProgress: ProgressListener): Promise<Uint8Array> {
  const bytes = await source.readFile(file, onProgress);
  if (bytes.length !== file.size) {
    throw new ImageError(`${file.path} has ${bytes.length} bytes, machine.json says ${file.size}`);
  }
  const digest = await sha256Hex(bytes);
  if (digest !== file.sha256) throw new ImageError(`${file.path} is damaged or stale: its sha256 does not match machine.json`);
  return bytes;
}
