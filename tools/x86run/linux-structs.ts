import type { Stats } from "node:fs";

/** Linux i386 structure layouts written by the system-call layer. */

function fileType(st: Stats): number {
  if (st.isDirectory()) return 0o040000;
  if (st.isSymbolicLink()) return 0o120000;
  if (st.isCharacterDevice()) return 0o020000;
  if (st.isBlockDevice()) return 0o060000;
  if (st.isFIFO()) return 0o010000;
  if (st.isSocket()) return 0o140000;
  return 0o100000;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
const nanos = (ms: number): number => Math.floor((ms % 1000) * 1e6);

/** struct stat64 (96 bytes). */
export function stat64(st: Stats): Uint8Array {
  const b = new Uint8Array(96);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, st.dev >>> 0, true);
  dv.setUint32(12, st.ino >>> 0, true);
  dv.setUint32(16, (st.mode & 0o7777) | fileType(st), true);
  dv.setUint32(20, st.nlink, true);
  dv.setUint32(24, st.uid, true);
  dv.setUint32(28, st.gid, true);
  dv.setUint32(32, st.rdev >>> 0, true);
  dv.setUint32(44, st.size % 4294967296, true);
  dv.setUint32(48, Math.floor(st.size / 4294967296), true);
  dv.setUint32(52, st.blksize || 4096, true);
  dv.setUint32(56, st.blocks >>> 0, true);
  dv.setUint32(64, seconds(st.atimeMs), true);
  dv.setUint32(68, nanos(st.atimeMs), true);
  dv.setUint32(72, seconds(st.mtimeMs), true);
  dv.setUint32(76, nanos(st.mtimeMs), true);
  dv.setUint32(80, seconds(st.ctimeMs), true);
  dv.setUint32(84, nanos(st.ctimeMs), true);
  dv.setUint32(88, st.ino >>> 0, true);
  return b;
}

/** struct statx (256 bytes). */
export function statx(st: Stats): Uint8Array {
  const b = new Uint8Array(256);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x7ff, true);
  dv.setUint32(4, st.blksize || 4096, true);
  dv.setUint32(16, st.nlink, true);
  dv.setUint32(20, st.uid, true);
  dv.setUint32(24, st.gid, true);
  dv.setUint16(28, (st.mode & 0o7777) | fileType(st), true);
  dv.setUint32(32, st.ino >>> 0, true);
  dv.setUint32(40, st.size % 4294967296, true);
  dv.setUint32(44, Math.floor(st.size / 4294967296), true);
  dv.setUint32(48, st.blocks >>> 0, true);
  const times: [number, number][] = [[64, st.atimeMs], [80, st.birthtimeMs], [96, st.ctimeMs], [112, st.mtimeMs]];
  for (const [at, ms] of times) {
    dv.setUint32(at, seconds(ms), true);
    dv.setUint32(at + 8, nanos(ms), true);
  }
  dv.setUint32(128, (st.rdev >>> 8) & 0xfff, true);
  dv.setUint32(132, st.rdev & 0xff, true);
  dv.setUint32(136, (st.dev >>> 8) & 0xfff, true);
  dv.setUint32(140, st.dev & 0xff, true);
  return b;
}

export interface DirEntry { name: string; ino: number; type: number }

/** DT_* type of a directory entry. */
export function direntType(st: Stats): number {
  return (fileType(st) >> 12) & 15;
}

/** Packs linux_dirent64 records into at most `size` bytes; returns bytes and count used. */
export function dirents64(entries: DirEntry[], from: number, size: number): { bytes: Uint8Array; used: number } {
  const chunks: Uint8Array[] = [];
  let total = 0, used = 0;
  for (let i = from; i < entries.length; i++) {
    const name = Buffer.from(entries[i].name, "utf8");
    const reclen = (19 + name.length + 1 + 7) & ~7;
    if (total + reclen > size) break;
    const rec = new Uint8Array(reclen);
    const dv = new DataView(rec.buffer);
    dv.setUint32(0, entries[i].ino >>> 0, true);
    dv.setUint32(8, i + 1, true);
    dv.setUint16(16, reclen, true);
    rec[18] = entries[i].type;
    rec.set(name, 19);
    chunks.push(rec);
    total += reclen;
    used++;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return { bytes, used };
}
