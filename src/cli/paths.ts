// Where the headless board finds its images and its boot snapshot on disk.

import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../..");

/** images/dist/machine.json, or $CN01_MACHINE. */
export function defaultManifestPath(): string {
  return process.env.CN01_MACHINE ?? resolve(REPO_ROOT, "images/dist/machine.json");
}

/** The boot snapshot made by `npm run snapshot` (build output, not committed). */
export function defaultSnapshotPath(): string {
  return process.env.CN01_SNAPSHOT ?? resolve(REPO_ROOT, ".cache/snapshot/cn01.snapshot");
}
