import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
export const SRC_DIR = join(here, "src");
export const BIN_DIR = join(here, "bin");
/** Committed files stay below this size (compressed binaries are split into parts). */
export const MAX_PART = 880_000;

/** The builds of the test programs; `flags: null` is the tcc build. */
export const VARIANTS: readonly { name: string; flags: readonly string[] | null }[] = [
  { name: "programs-O0", flags: ["-O0"] },
  { name: "programs-O2", flags: ["-O2"] },
  // -msse2 alone leaves double arithmetic on the x87; -mfpmath=sse moves it to SSE2
  { name: "programs-O2-sse2", flags: ["-O2", "-msse2", "-mfpmath=sse"] },
  { name: "programs-tcc", flags: null },
];

export function compress(data: Uint8Array): Buffer {
  return brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } });
}

/** Unpacks a committed binary (all its parts) into a fresh temporary file and returns its path. */
export function unpack(name: string): string {
  const parts = readdirSync(BIN_DIR).filter((f) => f.startsWith(`${name}.br.`)).sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
  if (parts.length === 0) throw new Error(`no committed binary ${name} in ${BIN_DIR}`);
  const packed = Buffer.concat(parts.map((p) => readFileSync(join(BIN_DIR, p))));
  const path = join(mkdtempSync(join(tmpdir(), "x86-bin-")), name);
  writeFileSync(path, brotliDecompressSync(packed));
  chmodSync(path, 0o755);
  return path;
}
