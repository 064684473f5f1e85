// The guest home tree as ShareEntry lists: the pristine tree from home.tar, owned by the
// guest user, and the checks applied to a saved tree before it replaces the share.

import type { Owner, ShareEntry } from "../v86/share-fs.ts";
import { readTar } from "./tar.ts";

/** Converts home.tar into share entries owned by owner (hard links become copies). */
export function homeFromTar(archive: Uint8Array, owner: Owner): ShareEntry[] {
  const entries = readTar(archive);
  const files = new Map<string, Uint8Array>();
  const out: ShareEntry[] = [];
  for (const entry of entries) {
    const base = { path: entry.path, mode: entry.mode, uid: owner.uid, gid: owner.gid, mtime: entry.mtime, target: "" };
    if (entry.kind === "dir") {
      out.push({ ...base, kind: "dir", data: new Uint8Array(0) });
    } else if (entry.kind === "symlink") {
      out.push({ ...base, kind: "symlink", mode: 0o777, data: new Uint8Array(0), target: entry.linkTarget });
    } else {
      const data = entry.kind === "file" ? entry.data : files.get(entry.linkTarget.replace(/^\.\//, "")) ?? new Uint8Array(0);
      files.set(entry.path, data);
      out.push({ ...base, kind: "file", data });
    }
  }
  return out;
}
