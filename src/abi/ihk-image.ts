// mckernel.img: an ihk_image_header (magic, version, sizes, checksum) followed by the bundled
// JavaScript of src/lwk. The LWK build writes it; the board checks it at boot.

import { IMAGE_HEADER, IMAGE_MAGIC, IMAGE_VERSION } from "./ihk-board.ts";
import { field, StructView } from "./layout.ts";

/** FNV-1a, 32 bits: cheap, and enough to catch a damaged or truncated image. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

export function encodeImage(javascript: string): Uint8Array {
  const payload = new TextEncoder().encode(javascript);
  const out = new Uint8Array(IMAGE_HEADER.size + payload.length);
  out.set(new TextEncoder().encode(IMAGE_MAGIC), field(IMAGE_HEADER, "magic").offset);
  const header = new StructView(IMAGE_HEADER, out, 0);
  header.set("version", IMAGE_VERSION);
  header.set("header_size", IMAGE_HEADER.size);
  header.set("payload_size", payload.length);
  header.set("checksum", fnv1a(payload));
  out.set(payload, IMAGE_HEADER.size);
  return out;
}

export type ImageCheck = { ok: true; javascript: string } | { ok: false; reason: string };

/** Checks an image of `loaded` bytes starting at bytes[0]; returns its JavaScript. */
export function decodeImage(bytes: Uint8Array, loaded: number): ImageCheck {
  if (loaded < IMAGE_HEADER.size || bytes.length < loaded) return { ok: false, reason: `${loaded} bytes is too short for an image` };
  const header = new StructView(IMAGE_HEADER, bytes, 0);
  if (header.getString("magic") !== IMAGE_MAGIC) return { ok: false, reason: "bad magic (not an LWK image)" };
  if (header.get("version") !== IMAGE_VERSION) return { ok: false, reason: `image version ${header.get("version")}, expected ${IMAGE_VERSION}` };
  const start = header.get("header_size");
  const size = header.get("payload_size");
  if (start !== IMAGE_HEADER.size || start + size > loaded) return { ok: false, reason: "sizes in the header do not match the image" };
  const payload = bytes.subarray(start, start + size);
  if (fnv1a(payload) !== header.get("checksum")) return { ok: false, reason: "checksum mismatch (damaged image)" };
  return { ok: true, javascript: new TextDecoder().decode(payload) };
}
