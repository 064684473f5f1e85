// The page fetches and inflates the boot snapshot itself, first thing: the largest download
// starts before the board's worker has loaded, and the inflating runs on this thread while the
// worker sets up the emulator. The worker gets the header at once and the state when it is in.

import type { SnapshotSource } from "../emu/board/board-api.ts";
import type { ProgressListener } from "../emu/board/image-source.ts";
import { openSnapshotStream } from "../emu/board/snapshot.ts";

export interface SnapshotDownload {
  source: SnapshotSource;
  /** v86's state, inflated; only with a header. */
  state?: Promise<ArrayBuffer>;
}

export async function downloadSnapshot(url: string, onProgress: ProgressListener): Promise<SnapshotDownload> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    return { source: { missing: `its download failed: ${(error as Error).message}` } };
  }
  if (!response.ok || !response.body) return { source: { missing: `the server answered HTTP ${response.status}` } };
  // Without Content-Length the size is unknown until the end: report bytes as they come.
  const total = Number(response.headers.get("content-length") ?? 0) || Infinity;
  let loaded = 0;
  const counted = response.body.pipeThrough(new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      loaded += chunk.length;
      onProgress(loaded, total);
      controller.enqueue(chunk);
    },
    flush: () => onProgress(loaded, loaded),
  }));
  try {
    const { header, state } = await openSnapshotStream(counted);
    return { source: { header }, state };
  } catch (error) {
    return { source: { missing: `it is unusable: ${(error as Error).message}` } };
  }
}
