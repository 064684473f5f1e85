import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Assembles many snippets with one nasm run. Each snippet gets a label `cN` (its text may
 * say `@base` for it, and use local labels `.x`, which nasm scopes to `cN`); a table of
 * start/end offsets at the end of the flat binary tells where each snippet's bytes are.
 */
export function assembleAll(snippets: readonly string[]): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), "x86diff-asm-"));
  try {
    const src = join(dir, "cases.asm");
    const bin = join(dir, "cases.bin");
    const lines = ["bits 32"];
    snippets.forEach((text, i) => lines.push(`c${i}:`, ...text.replaceAll("@base", `c${i}`).split("\n"), `c${i}_end:`));
    snippets.forEach((_, i) => lines.push(`dd c${i}, c${i}_end`));
    writeFileSync(src, lines.join("\n") + "\n");
    try {
      execFileSync("nasm", ["-f", "bin", "-o", bin, src], { stdio: ["ignore", "ignore", "pipe"] });
    } catch (err) {
      throw new Error(`nasm failed: ${explain(err, lines)}`);
    }
    return split(readFileSync(bin), snippets.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function split(image: Buffer, count: number): Uint8Array[] {
  const table = image.length - 8 * count;
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = image.readUInt32LE(table + 8 * i);
    const end = image.readUInt32LE(table + 8 * i + 4);
    out.push(new Uint8Array(image.subarray(start, end)));
  }
  return out;
}

/** nasm's first error with the offending source line, so a bad form is easy to find. */
function explain(err: unknown, lines: string[]): string {
  const stderr = String((err as { stderr?: Buffer }).stderr ?? err);
  const first = stderr.split("\n")[0] ?? "";
  const m = /:(\d+): /.exec(first);
  const line = m?.[1] ? lines[Number(m[1]) - 1] : undefined;
  return line === undefined ? first : `${first} (line: ${line})`;
}
