// Shared helpers for the integration tests: run the real `cn01` command, wait for events.

import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "../../src/cli/paths.ts";
import type { Board } from "../../src/emu/board/board.ts";
import type { BoardEvent } from "../../src/emu/board/events.ts";

export interface CliRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs bin/cn01.mjs (through `npx cn01` when viaNpx) and collects what it printed. */
export function runCli(args: string[], viaNpx = false): Promise<CliRun> {
  const [command, prefix] = viaNpx ? ["npx", ["--no-install", "cn01"]] : [process.execPath, [resolve(REPO_ROOT, "bin/cn01.mjs")]];
  return new Promise((done, fail) => {
    const child = spawn(command, [...prefix, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout: Buffer.concat(out), stderr: err }));
  });
}

/** Resolves with the first board event of that type. */
export function nextEvent<T extends BoardEvent["type"]>(board: Board, type: T): Promise<Extract<BoardEvent, { type: T }>> {
  return new Promise((done) => {
    const unsubscribe = board.events.subscribe((event) => {
      if (event.type === type) {
        unsubscribe();
        done(event as Extract<BoardEvent, { type: T }>);
      }
    });
  });
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
