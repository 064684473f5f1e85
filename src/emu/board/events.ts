// The board's event feed: typed events the page and its board view listen to: the board's
// lifecycle, the IHK partition (CPU owners, memory, OS instances) and the LWKs' activity.

import type { IhkBoardState } from "./ihk-partition.ts";
import type { LwkActivityReport } from "./lwk-activity.ts";

export type BoardPhase = "loading" | "restoring" | "booting" | "running" | "stopped" | "failed";

export type BoardEvent =
  | { type: "phase"; phase: BoardPhase; detail: string }
  | { type: "download"; file: string; loadedBytes: number; totalBytes: number }
  | { type: "notice"; level: "info" | "warning"; message: string }
  /** The guest printed its shell prompt. */
  | { type: "prompt" }
  /** Something in the home share changed (the page saves it, debounced). */
  | { type: "home-changed" }
  | { type: "error"; message: string }
  /** The IHK board's book changed: CPU owners, reserved and assigned memory, OS states. */
  | { type: "ihk"; state: IhkBoardState }
  /** The LWK CPUs' threads, system-call counts and latest IKC traffic (at most LWK_EVENTS_PER_S a second). */
  | { type: "lwk"; activity: LwkActivityReport };

export type BoardEventListener = (event: BoardEvent) => void;

export class EventFeed {
  private readonly listeners = new Set<BoardEventListener>();

  subscribe(listener: BoardEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: BoardEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
