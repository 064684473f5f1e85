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
import { SerialBatcher } from "./serial-batcher.ts";
import type { OpenedSnapshot } from "./snapshot.ts";

interface Prepared {
  board: Board;
  machine: Promise<MachineManifest>;
  snapshot: OpenedSnapshot | undefined;
  state: ReturnType<typeof deferred<ArrayBuffer>>;
}

let prepared: Prepared | undefined;
prefetchV86Wasm();

function requireBoard(): Board {
  if (!prepared) throw new BoardStateError("the board has not been prepared");
  return prepared.board;
}

/** A promise settled from outside: the snapshot's state arrives through its own call. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: Error): void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
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
    const state = deferred<ArrayBuffer>();
    let snapshot: OpenedSnapshot | undefined;
    if ("header" in sources.snapshot) snapshot = { header: sources.snapshot.header, state: state.promise };
    else onEvent({ type: "notice", level: "warning", message: `No boot snapshot (${sources.snapshot.missing}): cold boot (about 15 s).` });
    prepared = { board, machine, snapshot, state };
    // Everything downloads at once: the firmware always, the kernel when there is no snapshot.
    void machine.then((manifest) => {
      board.preload(manifest, snapshot ? ["bios", "vgaBios"] : ["bios", "vgaBios", "bzimage", "initrd", "home"]);
    }, () => undefined);
  },
  snapshotState(state) {
    if (!prepared) throw new BoardStateError("the board has not been prepared");
    if (state instanceof ArrayBuffer) prepared.state.resolve(state);
    else prepared.state.reject(new Error(state.failed));
  },
  async start(home, onSerial) {
    if (!prepared) throw new BoardStateError("the board has not been prepared");
    const { board } = prepared;
    const batcher = new SerialBatcher(onSerial);
    board.onSerial((chunk) => batcher.push(chunk));
    const { snapshot } = prepared;
    return board.start({ machine: await prepared.machine, ...(snapshot && { snapshot }), ...(home && { home }) });
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
