// The guest's home share (v86's virtio-9p file system) seen from the host: export and replace
// the whole tree, read and write single files, and hear about guest changes.

import type { V86Fs, V86Inode } from "./v86-internals.ts";

export type ShareEntryKind = "file" | "dir" | "symlink";

/** One node of the share, by path relative to its root; parents come before children. */
export interface ShareEntry {
  path: string;
  kind: ShareEntryKind;
  /** Permission bits (07777). */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** File contents; empty for directories and symlinks. */
  data: Uint8Array;
  /** Symlink target; empty otherwise. */
  target: string;
}

export interface Owner {
  uid: number;
  gid: number;
}

export class ShareFsError extends Error {
  override name = "ShareFsError";
}

export interface ShareFs {
  exportTree(): Promise<ShareEntry[]>;
  /** Empties the share (keeping its root, which the guest has mounted) and creates entries. */
  replaceTree(entries: readonly ShareEntry[]): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  /** Creates or overwrites a file, creating missing parent directories owned by owner. */
  writeFile(path: string, data: Uint8Array, owner: Owner, mode?: number): Promise<void>;
  remove(path: string): Promise<void>;
  /** Owner and permissions of the share's root directory (the guest's home directory). */
  setRoot(owner: Owner, mode: number): void;
  /** Called after the guest (or host) changes anything in the share. */
  onChange(listener: () => void): void;
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const ROOT = 0;

/** FS methods through which every change made over 9p passes. */
const MUTATORS = ["Write", "CreateFile", "CreateDirectory", "CreateSymlink", "CreateNode", "Rename", "Unlink", "ChangeSize", "Link"] as const;

function kindOf(inode: V86Inode): ShareEntryKind | undefined {
  switch (inode.mode & S_IFMT) {
    case S_IFDIR: return "dir";
    case S_IFREG: return "file";
    case S_IFLNK: return "symlink";
    default: return undefined;
  }
}

function splitPath(path: string): string[] {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new ShareFsError(`path "${path}" must not contain ".."`);
  if (parts.length === 0) throw new ShareFsError(`path "${path}" names the share's root`);
  return parts;
}

export function createShareFs(fs: V86Fs): ShareFs {
  const listeners: Array<() => void> = [];
  let quiet = 0;
  const notify = (): void => {
    if (quiet === 0) for (const listener of listeners) listener();
  };
  const table = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of MUTATORS) {
    const original = table[name]!.bind(fs);
    table[name] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) void result.then(notify, () => undefined);
      else notify();
      return result;
    };
  }

  const stamp = (id: number, owner: Owner, mode: number, type: number, mtime?: number): void => {
    const inode = fs.inodes[id]!;
    inode.uid = owner.uid;
    inode.gid = owner.gid;
    inode.mode = type | (mode & 0o7777);
    inode.mtime = inode.ctime = mtime ?? Math.floor(Date.now() / 1000);
  };

  const lookup = (parts: string[]): number => {
    let id = ROOT;
    for (const part of parts) {
      if (!fs.IsDirectory(id)) return -1;
      id = fs.Search(id, part);
      if (id === -1) return -1;
    }
    return id;
  };

  const ensureDir = (parts: string[], owner: Owner): number => {
    let id = ROOT;
    for (const part of parts) {
      let child = fs.Search(id, part);
      if (child === -1) {
        child = fs.CreateDirectory(part, id);
        stamp(child, owner, 0o755, S_IFDIR);
      } else if (!fs.IsDirectory(child)) {
        throw new ShareFsError(`"${parts.join("/")}" is not a directory`);
      }
      id = child;
    }
    return id;
  };

  const removeChild = async (parent: number, name: string): Promise<void> => {
    const id = fs.Search(parent, name);
    if (id === -1) return;
    if (fs.IsDirectory(id)) for (const child of fs.GetChildren(id)) await removeChild(id, child);
    fs.Unlink(parent, name);
    if (fs.inodes[id]!.nlinks === 0 && kindOf(fs.inodes[id]!) === "file") await fs.DeleteData(id);
  };

  const readData = async (id: number): Promise<Uint8Array> => {
    const size = fs.inodes[id]!.size;
    const data = await fs.get_data(id, 0, size);
    return data ? data.slice(0, size) : new Uint8Array(size);
  };

  const writeData = async (id: number, data: Uint8Array): Promise<void> => {
    await fs.set_data(id, data.slice());
    fs.inodes[id]!.size = data.length;
  };

  const create = async (entry: ShareEntry): Promise<void> => {
    const parts = splitPath(entry.path);
    const name = parts.pop()!;
    const parent = ensureDir(parts, entry);
    const existing = fs.Search(parent, name);
    if (existing !== -1 && entry.kind === "dir" && fs.IsDirectory(existing)) {
      stamp(existing, entry, entry.mode, S_IFDIR, entry.mtime);
      return;
    }
    if (existing !== -1) await removeChild(parent, name);
    if (entry.kind === "dir") {
      stamp(fs.CreateDirectory(name, parent), entry, entry.mode, S_IFDIR, entry.mtime);
    } else if (entry.kind === "symlink") {
      stamp(fs.CreateSymlink(name, parent, entry.target), entry, 0o777, S_IFLNK, entry.mtime);
    } else {
      const id = fs.CreateFile(name, parent);
      await writeData(id, entry.data);
      stamp(id, entry, entry.mode, S_IFREG, entry.mtime);
    }
  };

  const silently = async <T>(work: () => Promise<T>): Promise<T> => {
    quiet++;
    try {
      return await work();
    } finally {
      quiet--;
    }
  };

  const walk = async (dir: number, prefix: string, out: ShareEntry[]): Promise<void> => {
    for (const name of fs.GetChildren(dir)) {
      const id = fs.Search(dir, name);
      const inode = fs.inodes[id]!;
      const kind = kindOf(inode);
      if (kind === undefined) continue; // device nodes and fifos do not persist
      const path = prefix + name;
      out.push({
        path, kind, mode: inode.mode & 0o7777, uid: inode.uid, gid: inode.gid, mtime: inode.mtime,
        data: kind === "file" ? await readData(id) : new Uint8Array(0),
        target: kind === "symlink" ? inode.symlink : "",
      });
      if (kind === "dir") await walk(id, path + "/", out);
    }
  };

  return {
    async exportTree() {
      const out: ShareEntry[] = [];
      await walk(ROOT, "", out);
      return out;
    },
    async replaceTree(entries) {
      await silently(async () => {
        for (const name of fs.GetChildren(ROOT)) await removeChild(ROOT, name);
        for (const entry of entries) await create(entry);
      });
      notify();
    },
    async readFile(path) {
      const id = lookup(splitPath(path));
      if (id === -1) throw new ShareFsError(`no such file in the share: ${path}`);
      if (kindOf(fs.inodes[id]!) !== "file") throw new ShareFsError(`not a regular file: ${path}`);
      return readData(id);
    },
    async writeFile(path, data, owner, mode = 0o644) {
      await silently(() => create({ path, kind: "file", mode, uid: owner.uid, gid: owner.gid, mtime: Math.floor(Date.now() / 1000), data, target: "" }));
      notify();
    },
    async remove(path) {
      const parts = splitPath(path);
      const name = parts.pop()!;
      const parent = lookup(parts);
      if (parent === -1 || fs.Search(parent, name) === -1) throw new ShareFsError(`no such file in the share: ${path}`);
      await silently(() => removeChild(parent, name));
      notify();
    },
    setRoot(owner, mode) {
      stamp(ROOT, owner, mode, S_IFDIR);
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
