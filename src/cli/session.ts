// A headless cn01 session: a board booted (from the boot snapshot when it fits) with files put
// into the home, ready at the shell prompt. The CLI and the integration tests both use it.

import { readFile } from "node:fs/promises";
import type { Board, StartReport } from "../emu/board/board.ts";
import { concatBytes } from "../emu/board/bytes.ts";
import type { MachineManifest } from "../emu/board/machine.ts";
import { openSnapshot } from "../emu/board/snapshot.ts";
import { runInGuest, type CommandResult } from "./command-runner.ts";
import { CursorReporter } from "./cursor-reporter.ts";
import { createNodeBoard, readSnapshotFile } from "./node-board.ts";
import { defaultManifestPath, defaultSnapshotPath } from "./paths.ts";

export interface PutFile {
  localPath: string;
  /** Path relative to the guest home. */
  homePath: string;
}

export interface SessionOptions {
  manifestPath?: string;
  snapshotPath?: string;
  /** Boot the kernel instead of restoring the boot snapshot. */
  cold?: boolean;
  /** Guest RAM; a size other than the snapshot's means a cold boot. */
  memoryBytes?: number;
  puts?: readonly PutFile[];
  /** Boot messages (download, fallback notices) for a human. */
  onNotice?: (message: string) => void;
}

const encoder = new TextEncoder();

/** Answers the shell's cursor-position queries on the board's console, as a terminal would,
 * until the returned function is called. */
function standInTerminal(board: Board): () => void {
  const reporter = new CursorReporter();
  return board.onSerial((chunk) => {
    const answer = reporter.feed(chunk);
    if (answer) board.sendInput(encoder.encode(answer));
  });
}

export class Session {
  private constructor(
    readonly board: Board,
    readonly machine: MachineManifest,
    readonly report: StartReport,
    private stopStandIn: () => void,
  ) {}

  static async open(options: SessionOptions = {}): Promise<Session> {
    const { board, machine } = await createNodeBoard(options.manifestPath ?? defaultManifestPath());
    // No terminal is attached until attachTerminal(): the session answers for one, from the
    // query the restored console shows on.
    const stopStandIn = standInTerminal(board);
    board.events.subscribe((event) => {
      if (event.type === "notice") options.onNotice?.(event.message);
    });
    const snapshot = options.cold ? undefined : await readSnapshotFile(options.snapshotPath ?? defaultSnapshotPath());
    if (!options.cold && !snapshot) options.onNotice?.("No boot snapshot yet (npm run snapshot makes one): cold boot.");
    let stopWaiting = (): void => undefined;
    const firstPrompt = new Promise<void>((resolve) => {
      stopWaiting = board.events.subscribe((event) => {
        if (event.type === "prompt") resolve();
      });
    });
    const report = await board.start({
      machine,
      ...(options.memoryBytes !== undefined && { memoryBytes: options.memoryBytes }),
      ...(snapshot && { snapshot: openSnapshot(snapshot) }),
    });
    // A restored node sits at the prompt it printed before the snapshot was taken.
    if (report.mode === "cold") await firstPrompt;
    stopWaiting();
    const session = new Session(board, machine, report, stopStandIn);
    for (const put of options.puts ?? []) await session.put(put);
    return session;
  }

  /** A real terminal takes over the console (it answers the shell itself) until the returned
   * function is called. */
  attachTerminal(): () => void {
    this.stopStandIn();
    return () => {
      this.stopStandIn = standInTerminal(this.board);
    };
  }

  async put(file: PutFile): Promise<void> {
    const data = new Uint8Array(await readFile(file.localPath));
    await this.board.writeHomeFile(file.homePath, data);
  }

  /** Runs commands as the guest user in the home; streams their output to onOutput too. */
  async runCommands(commands: string, onOutput: (chunk: Uint8Array) => void = () => undefined): Promise<CommandResult> {
    const chunks: Uint8Array[] = [];
    const status = await runInGuest(this.board, this.machine.user.home, commands, (chunk) => {
      chunks.push(chunk);
      onOutput(chunk);
    });
    return { status, output: concatBytes(...chunks) };
  }

  close(): Promise<void> {
    return this.board.shutdown();
  }
}

/** Boots a session, runs commands, shuts it down. */
export async function runCommands(commands: string, options: SessionOptions = {}): Promise<CommandResult> {
  const session = await Session.open(options);
  try {
    return await session.runCommands(commands);
  } finally {
    await session.close();
  }
}
