// The initramfs as the board hands it to Linux. initrd.img is an uncompressed cpio (the ACPI
// table override) followed by the gzip-compressed root file system. Like GRUB, which unpacks
// the gzip files it loads, the board inflates that part natively before boot: inflating 15 MiB
// under emulation took a third of the cold boot, on the host it takes a few milliseconds.
// Linux unpacks an uncompressed cpio the same way, so the guest sees the same files.

import { gunzip } from "./compression.ts";

const NEWC_MAGIC = "070701";
const NEWC_HEADER_BYTES = 110;
const TRAILER_NAME = "TRAILER!!!";
const decoder = new TextDecoder();

/** A newc header field: 8 hexadecimal digits after the magic. */
function newcField(image: Uint8Array, header: number, index: number): number {
  const start = header + NEWC_MAGIC.length + index * 8;
  const text = decoder.decode(image.subarray(start, start + 8));
  return /^[0-9A-Fa-f]{8}$/.test(text) ? parseInt(text, 16) : NaN;
}

const alignTo4 = (offset: number): number => (offset + 3) & ~3;

/**
 * Where the newc cpio archive that starts at `start` ends (just after its trailer entry), or
 * undefined when no complete archive starts there.
 */
function newcArchiveEnd(image: Uint8Array, start: number): number | undefined {
  let at = start;
  while (at + NEWC_HEADER_BYTES <= image.length) {
    if (decoder.decode(image.subarray(at, at + NEWC_MAGIC.length)) !== NEWC_MAGIC) return undefined;
    const fileSize = newcField(image, at, 6);
    const nameSize = newcField(image, at, 11);
    if (Number.isNaN(fileSize) || Number.isNaN(nameSize) || nameSize < 1) return undefined;
    const name = decoder.decode(image.subarray(at + NEWC_HEADER_BYTES, at + NEWC_HEADER_BYTES + nameSize - 1));
    const dataStart = alignTo4(at + NEWC_HEADER_BYTES + nameSize);
    const next = alignTo4(dataStart + fileSize);
    if (next > image.length) return undefined;
    if (name === TRAILER_NAME) return next;
    at = next;
  }
  return undefined;
}

const isGzip = (image: Uint8Array, at: number): boolean => image[at] === 0x1f && image[at + 1] === 0x8b;

/** How many leading bytes are whole newc archives and the zero padding Linux skips between them. */
function uncompressedPrefix(image: Uint8Array): number {
  let at = 0;
  while (at < image.length) {
    if (image[at] === 0) {
      at++;
      continue;
    }
    const end = newcArchiveEnd(image, at);
    if (end === undefined) break;
    at = end;
  }
  return at;
}

/**
 * The initramfs with its gzip part inflated, or the image itself when it holds anything else
 * (another compression, data after the gzip stream): Linux then unpacks it as usual.
 */
export async function inflateInitrd(image: Uint8Array): Promise<Uint8Array> {
  const prefix = uncompressedPrefix(image);
  if (!isGzip(image, prefix)) return image;
  let inflated: Uint8Array;
  try {
    inflated = await gunzip(image.subarray(prefix));
  } catch {
    return image;
  }
  // Linux reads an uncompressed archive only at a 4-byte aligned offset; zeros in between are skipped.
  const start = alignTo4(prefix);
  const out = new Uint8Array(start + inflated.length);
  out.set(image.subarray(0, prefix));
  out.set(inflated, start);
  return out;
}
