// Images over HTTP (the page's worker): streams each file to report bytes as they arrive.

import type { ImageSource } from "./image-source.ts";
import { ImageError } from "./image-source.ts";

async function get(url: URL): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ImageError(`Download of ${url.pathname} failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ImageError(`Download of ${url.pathname} failed: HTTP ${response.status}`);
  return response;
}

export function createFetchImageSource(manifestUrl: URL): ImageSource {
  return {
    async readManifestText() {
      return (await get(manifestUrl)).text();
    },
    async readFile(file, onProgress) {
      const response = await get(new URL(file.path, manifestUrl));
      const out = new Uint8Array(file.size);
      let loaded = 0;
      onProgress(0, file.size);
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (loaded + value.length > out.length) throw new ImageError(`${file.path} is larger than machine.json says (${file.size} bytes)`);
        out.set(value, loaded);
        loaded += value.length;
        onProgress(loaded, file.size);
      }
      return out.subarray(0, loaded);
    },
  };
}
