// Compiles the test programs in tests/lwk/programs with `gcc -m32 -static` (or dynamically
// linked, a PIE with /lib/ld-linux.so.2 as its interpreter), once per source content: the
// binaries are cached in the system's temporary directory.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCES = resolve(dirname(fileURLToPath(import.meta.url)), "programs");
const CACHE = join(tmpdir(), "cn01-lwk-programs");

/** Path of the i386 binary built from programs/<name>.c. */
export function compileProgram(name: string, options: { dynamic?: boolean } = {}): string {
  const source = join(SOURCES, `${name}.c`);
  const flags = ["-m32", ...(options.dynamic ? [] : ["-static"]), "-O1", "-pthread"];
  const hash = createHash("sha256").update(readFileSync(source)).update(flags.join(" ")).digest("hex").slice(0, 16);
  const out = join(CACHE, `${name}-${hash}`);
  if (existsSync(out)) return out;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  execFileSync("gcc", [...flags, "-o", tmp, source, "-lm"], { stdio: "pipe" });
  renameSync(tmp, out);
  return out;
}
