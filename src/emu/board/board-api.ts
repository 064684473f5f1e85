// The board's API as the page sees it through comlink (implemented in board.worker.ts).

import type { ShareEntry } from "../v86/share-fs.ts";
import type { StartReport } from "./board.ts";
import type { BoardEvent } from "./events.ts";
import type { SchedulerStats } from "./scheduler.ts";
import type { SnapshotHeader } from "./snapshot.ts";

/**
 * The boot snapshot as the page opened it: its header, its state coming later through
 * snapshotState(); or why there is none (a cold boot).
 */
export type SnapshotSource = { header: SnapshotHeader } | { missing: string };

export interface BoardSources {
  /** Absolute URL of machine.json; the files it lists are fetched relative to it. */
  manifestUrl: string;
  snapshot: SnapshotSource;
}

export interface BoardApi {
  /** Starts downloading machine.json and reading the boot snapshot at once; events flow from now on. */
  prepare(sources: BoardSources, onEvent: (event: BoardEvent) => void): void;
  /** The snapshot's state once the page has inflated it, or why it could not (a cold boot follows). */
  snapshotState(state: ArrayBuffer | { failed: string }): void;
  /** Restores or boots the node (with the learner's saved home, if any) and starts it. */
  start(home: ShareEntry[] | undefined, onSerial: (bytes: Uint8Array) => void): Promise<StartReport>;
  sendInput(bytes: Uint8Array): void;
  exportHome(): Promise<ShareEntry[]>;
  resetHome(): Promise<void>;
  readHomeFile(path: string): Promise<Uint8Array>;
  writeHomeFile(path: string, data: Uint8Array): Promise<void>;
  reboot(): Promise<void>;
  schedulerStats(): SchedulerStats;
  resetSchedulerStats(): void;
  instructionCount(): number;
}
