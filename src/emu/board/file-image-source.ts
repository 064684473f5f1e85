// Images from disk (Node: the CLI, the snapshot script, integration tests).

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { ImageSource } from "./image-source.ts";
import { ImageError } from "./image-source.ts";

export function createFileImageSource(manifestPath: string): ImageSource {
  const folder = dirname(manifestPath);
  const read = async (path: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new ImageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return {
    async readManifestText() {
      return (await read(manifestPath)).toString("utf8");
    },
    async readFile(file, onProgress) {
      const bytes = await read(resolve(folder, file.path));
      onProgress(bytes.length, file.size);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    },
  };
}
