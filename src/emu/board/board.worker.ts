// The board's Web Worker: one v86 (and later the LWK cores) in this thread, served to the
// page through comlink.

import * as Comlink from "comlink";
import { instantiateV86WasmFromUrl, prefetchV86Wasm } from "../v86/wasm-browser.ts";
import { Board, BoardStateError } from "./board.ts";
import type { BoardApi, BoardSources } from "./board-api.ts";
import type { BoardEvent } from "./events.ts";
import { createFetchImageSource } from "./fetch-image-source.ts";
import { loadManifest } from "./image-source.ts";
import { LWK_IMAGE_URL } from "./lwk-image-url.ts";
import type { MachineManifest } from "./machine.ts";
import { throttleProgress } from "./progress-throttle.ts";
import { SerialBatcher } from "./serial-batcher.ts";
import { openSnapshotStream, type OpenedSnapshot } from "./snapshot.ts";

interface Prepared {
  board: Board;
  machine: Promise<MachineManifest>;
  snapshot: Promise<OpenedSnapshot | undefined>;
}

let prepared: Prepared | undefined;
prefetchV86Wasm();

function requireBoard(): Board {
  if (!prepared) throw new BoardStateError("the board has not been prepared");
  return prepared.board;
}

/**
 * The boot snapshot, opened as it downloads (its state inflates while the rest arrives), or
 * undefined (with the reason as a notice) when the server has none or sends something else.
 */
async function fetchSnapshot(url: string, onEvent: (event: BoardEvent) => void): Promise<OpenedSnapshot | undefined> {
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok || !response.body) {
    onEvent({ type: "notice", level: "warning", message: "No boot snapshot on the server: cold boot (about 15 s)." });
    return undefined;
  }
  // Without Content-Length the size is unknown until the end: report bytes as they come.
  const total = Number(response.headers.get("content-length") ?? 0) || Infinity;
  const progress = throttleProgress((loadedBytes, totalBytes) => onEvent({ type: "download", file: "boot snapshot", loadedBytes, totalBytes }));
  let loaded = 0;
  const counted = response.body.pipeThrough(new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      loaded += chunk.length;
      progress(loaded, total);
      controller.enqueue(chunk);
    },
    flush: () => progress(loaded, loaded),
  }));
  try {
    return await openSnapshotStream(counted);
  } catch (error) {
    onEvent({ type: "notice", level: "warning", message: `The boot snapshot is unusable (${(error as Error).message}): cold boot.` });
    return undefined;
  }
}

/** mckernel.img for the home, or nothing (with a notice) when the build did not make one. */
async function fetchLwkImage(onEvent: (event: BoardEvent) => void): Promise<Uint8Array> {
  const response = LWK_IMAGE_URL ? await fetch(LWK_IMAGE_URL).catch(() => undefined) : undefined;
  if (response?.ok) return new Uint8Array(await response.arrayBuffer());
  onEvent({ type: "notice", level: "warning", message: "No mckernel.img in this build (npm run lwk makes it): the LWK cannot be loaded." });
  return new Uint8Array(0);
}

const api: BoardApi = {
  prepare(sources: BoardSources, onEvent) {
    if (prepared) throw new BoardStateError("the board is already prepared");
    const images = createFetchImageSource(new URL(sources.manifestUrl));
    const lwkImage = fetchLwkImage(onEvent);
    const board = new Board({ images, instantiateWasm: instantiateV86WasmFromUrl, lwkImage: () => lwkImage });
    board.events.subscribe(onEvent);
    const machine = loadManifest(images);
    const snapshot = fetchSnapshot(sources.snapshotUrl, onEvent);
    prepared = { board, machine, snapshot };
    // Everything downloads at once: the firmware always, the kernel when there is no snapshot.
    void machine.then(async (manifest) => {
      board.preload(manifest, ["bios", "vgaBios"]);
      if (!(await snapshot)) board.preload(manifest, ["bzimage", "initrd", "home"]);
    }, () => undefined);
  },
  async start(home, onSerial) {
    if (!prepared) throw new BoardStateError("the board has not been prepared");
    const { board } = prepared;
    const batcher = new SerialBatcher(onSerial);
    board.onSerial((chunk) => batcher.push(chunk));
    const [machine, snapshot] = await Promise.all([prepared.machine, prepared.snapshot]);
    return board.start({ machine, ...(snapshot && { snapshot }), ...(home && { home }) });
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
