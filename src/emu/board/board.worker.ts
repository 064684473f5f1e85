// The board's Web Worker: one v86 (and later the LWK cores) in this thread, served to the
// page through comlink.

import * as Comlink from "comlink";
import { instantiateV86WasmFromUrl, prefetchV86Wasm } from "../v86/wasm-browser.ts";
import { Board, BoardStateError } from "./board.ts";
import type { BoardApi, BoardStartOptions } from "./board-api.ts";
import type { BoardEvent } from "./events.ts";
import { createFetchImageSource } from "./fetch-image-source.ts";
import { loadManifest } from "./image-source.ts";
import { SerialBatcher } from "./serial-batcher.ts";

let board: Board | undefined;
prefetchV86Wasm();

function requireBoard(): Board {
  if (!board) throw new BoardStateError("the board has not been started");
  return board;
}

/** The snapshot file, or undefined (with the reason as a notice) when the server has none. */
async function fetchSnapshot(url: string, onEvent: (event: BoardEvent) => void): Promise<Uint8Array | undefined> {
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok || !response.body) {
    onEvent({ type: "notice", level: "warning", message: "No boot snapshot on the server: cold boot (about 15 s)." });
    return undefined;
  }
  const total = Number(response.headers.get("content-length") ?? 0);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onEvent({ type: "download", file: "boot snapshot", loadedBytes: loaded, totalBytes: Math.max(total, loaded) });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const api: BoardApi = {
  async start(options: BoardStartOptions, onEvent, onSerial) {
    if (board) throw new BoardStateError("the board is already started");
    const images = createFetchImageSource(new URL(options.manifestUrl));
    board = new Board({ images, instantiateWasm: instantiateV86WasmFromUrl });
    board.events.subscribe(onEvent);
    const batcher = new SerialBatcher(onSerial);
    board.onSerial((chunk) => batcher.push(chunk));
    const [machine, snapshot] = await Promise.all([loadManifest(images), fetchSnapshot(options.snapshotUrl, onEvent)]);
    return board.start({ machine, ...(snapshot && { snapshot }), ...(options.home && { home: options.home }) });
  },
  sendInput: (bytes) => requireBoard().sendInput(bytes),
  exportHome: () => requireBoard().exportHome(),
  resetHome: () => requireBoard().resetHome(),
  readHomeFile: (path) => requireBoard().readHomeFile(path),
  writeHomeFile: (path, data) => requireBoard().writeHomeFile(path, data),
  reboot: () => requireBoard().reboot(),
  schedulerStats: () => requireBoard().schedulerStats(),
  resetSchedulerStats: () => requireBoard().resetSchedulerStats(),
  instructionCount: () => requireBoard().instructionCount(),
};

Comlink.expose(api);
