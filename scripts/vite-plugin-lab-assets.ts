// Vite plugin: serves the guest images (images/dist, as listed in machine.json) under
// /images/ and the boot snapshot under /snapshot/, in dev and in the build output. The dev
// server makes the snapshot in the background when it is missing or stale.

import { spawn } from "node:child_process";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ServerResponse } from "node:http";
import type { Plugin, ViteDevServer } from "vite";
import { defaultManifestPath, defaultSnapshotPath, REPO_ROOT } from "../src/cli/paths.ts";
import { parseMachineManifest, MACHINE_FILE_KEYS } from "../src/emu/board/machine.ts";
import { snapshotFileMismatch } from "../src/emu/board/snapshot.ts";

export const IMAGES_PREFIX = "images/";
export const SNAPSHOT_URL_PATH = "snapshot/cn01.snapshot";

/** URL path (below base) → file on disk, for every asset that exists. */
function assetFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const manifestPath = defaultManifestPath();
  if (!existsSync(manifestPath)) return files;
  files.set(IMAGES_PREFIX + "machine.json", manifestPath);
  const machine = parseMachineManifest(JSON.parse(readFileSync(manifestPath, "utf8")));
  for (const key of MACHINE_FILE_KEYS) {
    files.set(IMAGES_PREFIX + machine.files[key].path, resolve(dirname(manifestPath), machine.files[key].path));
  }
  if (existsSync(defaultSnapshotPath())) files.set(SNAPSHOT_URL_PATH, defaultSnapshotPath());
  return files;
}

function snapshotIsCurrent(): boolean {
  const manifestPath = defaultManifestPath();
  if (!existsSync(defaultSnapshotPath())) return false;
  const machine = parseMachineManifest(JSON.parse(readFileSync(manifestPath, "utf8")));
  return snapshotFileMismatch(new Uint8Array(readFileSync(defaultSnapshotPath())), machine, machine.memoryBytes) === undefined;
}

function makeSnapshotInBackground(server: ViteDevServer): void {
  if (!existsSync(defaultManifestPath())) {
    server.config.logger.warn(`cn01: ${defaultManifestPath()} is missing: build the images first.`);
    return;
  }
  if (snapshotIsCurrent()) return;
  server.config.logger.info("cn01: making the boot snapshot in the background (the page cold-boots until it is ready)");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/make-snapshot.ts"], { cwd: REPO_ROOT, stdio: "inherit" });
  child.on("exit", (code) => {
    if (code !== 0) server.config.logger.error(`cn01: making the boot snapshot failed (exit ${code})`);
  });
}

/** The asset path below base of a request for an image or the snapshot, else undefined. */
function assetPath(requestUrl: string | undefined, base: string): string | undefined {
  const path = new URL(requestUrl ?? "/", "http://localhost").pathname;
  if (!path.startsWith(base)) return undefined;
  const rest = path.slice(base.length);
  return rest.startsWith(IMAGES_PREFIX) || rest === SNAPSHOT_URL_PATH ? rest : undefined;
}

/** A real 404 for a missing image or snapshot (not the app's index.html fallback). */
function notFound(response: ServerResponse): void {
  response.statusCode = 404;
  response.setHeader("Content-Type", "text/plain");
  response.end("not found");
}

export function labAssets(): Plugin {
  return {
    name: "cn01-lab-assets",
    configureServer(server) {
      makeSnapshotInBackground(server);
      server.middlewares.use((request, response, next) => {
        const path = assetPath(request.url, server.config.base);
        if (path === undefined) return next();
        const file = assetFiles().get(path);
        if (!file) return notFound(response);
        response.setHeader("Content-Type", "application/octet-stream");
        response.setHeader("Content-Length", statSync(file).size);
        response.setHeader("Cache-Control", "no-cache");
        createReadStream(file).pipe(response);
      });
    },
    configurePreviewServer(server) {
      const outDir = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use((request, response, next) => {
        const path = assetPath(request.url, server.config.base);
        if (path !== undefined && !existsSync(resolve(outDir, path))) return notFound(response);
        // The images and the snapshot are compressed already: keep the preview server from
        // gzipping them again on the fly (slow, and it drops Content-Length, i.e. progress).
        if (path !== undefined) response.setHeader("Content-Encoding", "identity");
        next();
      });
    },
    generateBundle() {
      if (!existsSync(defaultManifestPath())) this.error(`${defaultManifestPath()} is missing: build the images first`);
      for (const [fileName, path] of assetFiles()) {
        this.emitFile({ type: "asset", fileName, source: readFileSync(path) });
      }
    },
  };
}
