// A board wired for Node: images from disk, v86's wasm from the installed package.

import { readFile } from "node:fs/promises";
import { Board } from "../emu/board/board.ts";
import { createFileImageSource } from "../emu/board/file-image-source.ts";
import { loadManifest } from "../emu/board/image-source.ts";
import type { MachineManifest } from "../emu/board/machine.ts";
import { instantiateV86WasmFromPackage } from "../emu/v86/wasm-node.ts";
import { buildLwkImage } from "../lwk/build-image.ts";

export async function createNodeBoard(manifestPath: string): Promise<{ board: Board; machine: MachineManifest }> {
  const images = createFileImageSource(manifestPath);
  const machine = await loadManifest(images);
  // The LWK is bundled from src/lwk at start, so the guest always gets the current one.
  return { board: new Board({ images, instantiateWasm: instantiateV86WasmFromPackage, lwkImage: buildLwkImage }), machine };
}

/** The snapshot file's bytes, or undefined when there is none yet. */
export async function readSnapshotFile(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
