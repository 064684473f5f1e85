// Shared helpers for the integration tests: run the real `cn01` command, wait for events, run
// commands in the install tree, check Linux's health.

import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "../../src/cli/paths.ts";
import type { Board } from "../../src/emu/board/board.ts";
import type { BoardEvent } from "../../src/emu/board/events.ts";
import type { IhkBoardState } from "../../src/emu/board/ihk-partition.ts";
import type { Session } from "../../src/cli/session.ts";
import { expect } from "vitest";

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

export interface InstallRun {
  status: number;
  out: string;
}

/** Runs commands in ~/install/$(uname -r), as the tutorial does. */
export async function inInstall(session: Session, commands: string): Promise<InstallRun> {
  const result = await session.runCommands(`cd ~/install/$(uname -r)\n${commands}`);
  return { status: result.status, out: text(result.output) };
}

export async function memFreeKb(session: Session): Promise<number> {
  const { out } = await inInstall(session, "grep MemFree /proc/meminfo");
  return Number(/MemFree:\s+(\d+) kB/.exec(out)![1]);
}

/** No kernel trouble in dmesg, and the shell still answers. */
export async function expectHealthyLinux(session: Session): Promise<void> {
  const { out } = await inInstall(session, "dmesg | grep -cE 'BUG:|Oops|WARNING:|Call Trace'; echo alive");
  expect(out).toBe("0\nalive\n");
}

/** The newest IHK state the board reported from now on. */
export function latestIhkState(session: Session): () => IhkBoardState | undefined {
  let latest: IhkBoardState | undefined;
  session.board.events.subscribe((event) => {
    if (event.type === "ihk") latest = event.state;
  });
  return () => latest;
}
