// A reader for POSIX tar archives (ustar, with pax and GNU long-name records), used to unpack
// the pristine home tree (home.tar) into the 9p share.

export type TarEntryKind = "file" | "dir" | "symlink" | "hardlink";

export interface TarEntry {
  /** Path inside the archive, without "./" prefix or trailing slash. */
  path: string;
  kind: TarEntryKind;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  /** File contents (empty for other kinds). */
  data: Uint8Array;
  /** Symlink target, or the path a hard link points to. */
  linkTarget: string;
}

export class TarFormatError extends Error {
  override name = "TarFormatError";
}

const BLOCK = 512;
const decoder = new TextDecoder();

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(header: Uint8Array, start: number, length: number): number {
  // GNU base-256 encoding for big numbers: first byte has its high bit set.
  if (header[start]! & 0x80) {
    let value = header[start]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + header[start + i]!;
    return value;
  }
  const digits = field(header, start, length).trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarFormatError(`bad octal number "${digits}" in tar header`);
  return parseInt(digits, 8);
}

function checksumOk(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum === octal(header, 148, 8);
}

/** pax extended header records: "<len> <key>=<value>\n" */
function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const text = decoder.decode(data);
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(" ", at);
    const length = parseInt(text.slice(at, space), 10);
    if (space === -1 || !Number.isFinite(length) || length <= 0) throw new TarFormatError("bad pax extended header");
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf("=");
    records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

function cleanPath(path: string): string {
  return path.replace(/^(\.\/)+/, "").replace(/^\/+/, "").replace(/\/+$/, "");
}

const KINDS: Record<string, TarEntryKind> = { "0": "file", "\0": "file", "7": "file", "5": "dir", "2": "symlink", "1": "hardlink" };

/** Parses a whole tar archive; throws TarFormatError on a damaged or truncated archive. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longPath: string | undefined;
  let longLink: string | undefined;
  let pax = new Map<string, string>();
  for (;;) {
    if (offset + BLOCK > archive.length) throw new TarFormatError("tar archive is truncated (no end-of-archive block)");
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new TarFormatError(`tar header checksum mismatch at byte ${offset}`);
    const type = String.fromCharCode(header[156]!);
    const size = Number(pax.get("size") ?? octal(header, 124, 12));
    const dataStart = offset + BLOCK;
    if (dataStart + size > archive.length) throw new TarFormatError("tar archive is truncated");
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") { pax = paxRecords(data); continue; }
    if (type === "g") continue;
    if (type === "L") { longPath = field(data, 0, data.length); continue; }
    if (type === "K") { longLink = field(data, 0, data.length); continue; }
    const kind = KINDS[type];
    if (kind === undefined) throw new TarFormatError(`unsupported tar entry type "${type}"`);
    const prefix = field(header, 345, 155);
    const name = field(header, 0, 100);
    const path = cleanPath(pax.get("path") ?? longPath ?? (prefix ? `${prefix}/${name}` : name));
    if (path !== "" && path !== ".") {
      entries.push({
        path,
        kind,
        mode: octal(header, 100, 8) & 0o7777,
        uid: Number(pax.get("uid") ?? octal(header, 108, 8)),
        gid: Number(pax.get("gid") ?? octal(header, 116, 8)),
        mtime: Math.floor(Number(pax.get("mtime") ?? octal(header, 136, 12))),
        data: kind === "file" ? data : new Uint8Array(0),
        linkTarget: pax.get("linkpath") ?? longLink ?? field(header, 157, 100),
      });
    }
    longPath = undefined;
    longLink = undefined;
    pax = new Map();
  }
  return entries;
}
