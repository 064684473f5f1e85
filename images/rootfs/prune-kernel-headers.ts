// Keeps of linux-libc-dev's headers only those a C program can reach through the C library's
// headers (plus a few named ones), and deletes the rest. The kernel's UAPI headers are 800
// files, mostly for netfilter, sound, RDMA and other drivers; every file in the initramfs costs
// the cold boot time to unpack under emulation.
//   tsx prune-kernel-headers.ts <root> <kernel headers list> <C library headers list> [header]...
// The lists hold paths below the root (a package's `tar -t`); the named headers are kept too.

import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const INCLUDE_DIRS = ["usr/include/i386-linux-gnu", "usr/include"];
const INCLUDE = /^\s*#\s*include\s*[<"]([^>"]+)[>"]/gm;

/** The header a name in #include <name> refers to, as a path below the root, if it exists. */
function resolve(root: string, name: string): string | undefined {
  for (const dir of INCLUDE_DIRS) {
    const path = join(dir, name);
    if (existsSync(join(root, path))) return path;
  }
  return undefined;
}

/** Every header reachable from seeds by #include, whatever the conditions around it. */
function includeClosure(root: string, seeds: readonly string[]): Set<string> {
  const reached = new Set<string>(seeds);
  const queue = [...seeds];
  for (let header = queue.pop(); header !== undefined; header = queue.pop()) {
    for (const match of readFileSync(join(root, header), "latin1").matchAll(INCLUDE)) {
      const path = resolve(root, match[1]!);
      if (path && !reached.has(path)) {
        reached.add(path);
        queue.push(path);
      }
    }
  }
  return reached;
}

/** The headers in a list of package paths that are in the root. */
function headerList(root: string, listFile: string): string[] {
  return readFileSync(listFile, "utf8").split("\n")
    .map((line) => line.replace(/^\.?\//, ""))
    .filter((path) => path.endsWith(".h") && existsSync(join(root, path)));
}

function main(): void {
  const [root, kernelList, libcList, ...named] = process.argv.slice(2);
  if (!root || !kernelList || !libcList) {
    throw new Error("usage: prune-kernel-headers.ts <root> <kernel headers list> <C library headers list> [header]...");
  }
  const kernelHeaders = new Set(headerList(root, kernelList));
  const seeds = [...headerList(root, libcList), ...named.map((name) => resolve(root, name) ?? "").filter((path) => path !== "")];
  const kept = includeClosure(root, seeds);
  let removed = 0;
  for (const header of kernelHeaders) {
    if (kept.has(header)) continue;
    rmSync(join(root, header));
    removed++;
  }
  console.error(`[images] kernel headers: kept ${kernelHeaders.size - removed} of ${kernelHeaders.size}`);
}

main();
