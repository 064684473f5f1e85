// Starts the board's worker and wraps it with comlink. A worker that fails to load or dies
// reports through onFatal instead of leaving the page waiting.

import * as Comlink from "comlink";
import type { BoardApi } from "../emu/board/board-api.ts";

export function startBoardWorker(onFatal: (message: string) => void): Comlink.Remote<BoardApi> {
  const worker = new Worker(new URL("../emu/board/board.worker.ts", import.meta.url), { type: "module", name: "cn01-board" });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    onFatal(event.message ? `the board's worker failed: ${event.message}` : "the board's worker could not be loaded");
  });
  worker.addEventListener("messageerror", () => onFatal("the board's worker sent a message the page cannot read"));
  return Comlink.wrap<BoardApi>(worker);
}
