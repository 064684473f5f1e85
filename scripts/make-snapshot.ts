// Boots cn01 headless (cold) and saves the boot snapshot the page and the CLI restore.
// Skips the work when the existing snapshot was made from the current images.
// Usage: tsx scripts/make-snapshot.ts [--force] [--out FILE]

import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { readSnapshotFile } from "../src/cli/node-board.ts";
import { defaultManifestPath, defaultSnapshotPath } from "../src/cli/paths.ts";
import { Session } from "../src/cli/session.ts";
import { createFileImageSource } from "../src/emu/board/file-image-source.ts";
import { loadManifest } from "../src/emu/board/image-source.ts";
import { snapshotFileMismatch } from "../src/emu/board/snapshot.ts";

const QUIET_MS = 500;

function waitForQuietConsole(session: Session): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, QUIET_MS);
    const unsubscribe = session.board.onSerial(() => {
      clearTimeout(timer);
      timer = setTimeout(done, QUIET_MS);
    });
    function done(): void {
      unsubscribe();
      resolve();
    }
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { force: { type: "boolean" }, out: { type: "string" } } });
  const out = values.out ?? defaultSnapshotPath();
  const manifestPath = defaultManifestPath();
  const machine = await loadManifest(createFileImageSource(manifestPath));
  const existing = await readSnapshotFile(out);
  if (existing && !values.force) {
    const mismatch = snapshotFileMismatch(existing, machine, machine.memoryBytes);
    if (!mismatch) {
      console.log(`snapshot: ${out} is up to date`);
      return;
    }
    console.log(`snapshot: remaking it: ${mismatch}`);
  }
  const started = performance.now();
  const session = await Session.open({ manifestPath, cold: true });
  await waitForQuietConsole(session);
  const booted = performance.now();
  const file = await session.board.saveSnapshot();
  await session.close();
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out + ".tmp", file);
  await rename(out + ".tmp", out);
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  console.log(`snapshot: ${out} (${(file.length / 2 ** 20).toFixed(1)} MiB), boot ${seconds(booted - started)} s, save ${seconds(performance.now() - booted)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`snapshot: ${(error as Error).message}`);
    process.exit(1);
  },
);
