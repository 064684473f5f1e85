// The images manifest: every input of `npm run images` (pinned .debs, the
// recipe files in images/, the host tools) and every output's hash.
// `write` records it after a build; `check` (used by the unit tests) fails
// when an input in the tree no longer matches what the dist was built from.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const imagesDir = fileURLToPath(new URL(".", import.meta.url));
const distDir = join(imagesDir, "dist");
const manifestPath = join(distDir, "MANIFEST");

// Not inputs: build output, the build cache, and documentation.
const NOT_INPUTS = new Set(["dist", ".cache", "README.md"]);
const OUTPUTS = ["bzImage", "initrd.img", "bios.bin", "vgabios-stdvga.bin", "home.tar", "machine.json"];

export interface ManifestEntry {
  kind: "deb" | "file" | "tool" | "output";
  name: string;
  detail: string; // version for debs and tools, empty otherwise
  sha256: string;
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The recipe files under an images folder, relative to it, sorted. */
export function inputFiles(root = imagesDir): string[] {
  return readdirSync(root)
    .filter((name) => !NOT_INPUTS.has(name))
    .flatMap((name) => {
      const path = join(root, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    })
    .map((path) => relative(root, path))
    .sort();
}

function debEntries(): ManifestEntry[] {
  const lock = readFileSync(join(imagesDir, "packages.lock"), "utf8");
  return lock
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => {
      const [name, arch, version, sum] = line.split(/\s+/);
      return { kind: "deb", name: `${name}:${arch}`, detail: version, sha256: sum };
    });
}

/** The first line of a tool's version output that has a number in it. */
function toolVersion(command: string, args: string[]): string {
  const lines = execFileSync(command, args, { encoding: "utf8" }).split("\n");
  return (lines.find((line) => /\d/.test(line)) ?? "").trim();
}

function toolEntries(): ManifestEntry[] {
  const tool = (name: string, detail: string): ManifestEntry => ({ kind: "tool", name, detail, sha256: "" });
  return [
    tool("gcc", toolVersion("gcc", ["--version"])),
    tool("cpio", toolVersion("cpio", ["--version"])),
    tool("gzip", toolVersion("gzip", ["--version"])),
    tool("mksquashfs", toolVersion("mksquashfs", ["-version"])),
    tool("iasl", toolVersion("iasl", ["-v"])),
    tool("node", process.version),
  ];
}

function format(entry: ManifestEntry): string {
  return [entry.kind, entry.name, entry.sha256 || "-", entry.detail].join("\t").trimEnd();
}

export function parseManifest(text: string): ManifestEntry[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [kind, name, sum, detail = ""] = line.split("\t");
      return { kind: kind as ManifestEntry["kind"], name, sha256: sum === "-" ? "" : sum, detail };
    });
}

export function writeManifest(): void {
  const entries: ManifestEntry[] = [
    ...debEntries(),
    ...inputFiles().map((name): ManifestEntry => ({
      kind: "file", name, detail: "", sha256: sha256(join(imagesDir, name)),
    })),
    ...toolEntries(),
    ...OUTPUTS.map((name): ManifestEntry => ({
      kind: "output", name, detail: "", sha256: sha256(join(distDir, name)),
    })),
  ];
  const header = "# cn01 guest images: inputs and outputs of `npm run images` (kind, name, sha256, detail)\n";
  writeFileSync(manifestPath, header + entries.map(format).join("\n") + "\n");
}

/** Differences between an images folder and its manifest; empty when they agree. */
export function checkManifest(root = imagesDir): string[] {
  const entries = parseManifest(readFileSync(join(root, "dist", "MANIFEST"), "utf8"));
  const problems: string[] = [];
  // packages.lock is an input file, so a re-pinned .deb shows up here too.
  const recorded = new Map(entries.filter((e) => e.kind === "file").map((e) => [e.name, e.sha256]));
  for (const name of inputFiles(root)) {
    const sum = recorded.get(name);
    if (sum === undefined) problems.push(`${name}: new input, not in MANIFEST`);
    else if (sum !== sha256(join(root, name))) problems.push(`${name}: changed since the images were built`);
    recorded.delete(name);
  }
  for (const name of recorded.keys()) problems.push(`${name}: in MANIFEST but gone from the tree`);
  for (const entry of entries.filter((e) => e.kind === "output")) {
    if (sha256(join(root, "dist", entry.name)) !== entry.sha256) problems.push(`dist/${entry.name}: differs from MANIFEST`);
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const command = process.argv[2];
  if (command === "write") writeManifest();
  else if (command === "check") {
    const problems = checkManifest();
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  } else {
    console.error("usage: manifest.ts write|check");
    process.exit(2);
  }
}
