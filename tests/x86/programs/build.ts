/**
 * Builds the committed test binaries of the program-level tests (needs gcc -m32, and for the
 * tcc variant Debian's i386 tcc and libc unpacked under TCC_ROOT):
 *
 *   cd /tmp && apt-get download tcc:i386 libc6:i386 libc6-dev:i386 linux-libc-dev:i386 busybox-static:i386
 *   mkdir -p /tmp/i386root && for f in /tmp/*.deb; do dpkg-deb -x "$f" /tmp/i386root; done
 *   TCC_ROOT=/tmp/i386root npx tsx tests/x86/programs/build.ts
 *
 * Every build is one static, stripped multi-call binary (src/main.c), brotli-compressed into
 * bin/; busybox (static, from busybox-static:i386) is compressed and split in two parts to
 * keep every committed file under 900 KB. The tests run these binaries natively and under
 * x86run, so no expected output is committed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN_DIR, compress, MAX_PART, SRC_DIR, VARIANTS } from "./binaries.ts";

const sources = readdirSync(SRC_DIR).filter((f) => f.endsWith(".c")).map((f) => join(SRC_DIR, f));

function gccBuild(flags: readonly string[], out: string): void {
  execFileSync("gcc", ["-m32", "-static", "-s", "-Wall", "-Wextra", "-Werror", ...flags, "-o", out, ...sources, "-lm"]);
}

/** tcc compiles each file; gcc's linker links them with static glibc (tcc cannot link libc.a's TLS). */
function tccBuild(root: string, out: string, work: string): void {
  const lib = join(root, "usr/lib/i386-linux-gnu");
  const tcc = [join(root, "lib/ld-linux.so.2"), "--library-path", `${join(root, "lib/i386-linux-gnu")}:${lib}`, join(root, "usr/bin/tcc")];
  const includes = ["-nostdinc", `-I${join(lib, "tcc/include")}`, `-I${join(root, "usr/include/i386-linux-gnu")}`, `-I${join(root, "usr/include")}`];
  const objects = sources.map((src, i) => {
    const obj = join(work, `${i}.o`);
    execFileSync(tcc[0] ?? "", [...tcc.slice(1), ...includes, "-c", "-o", obj, src]);
    return obj;
  });
  execFileSync("gcc", ["-m32", "-static", "-s", "-z", "noexecstack", "-o", out, ...objects, join(lib, "tcc/libtcc1.a"), "-lm"]);
}

function store(name: string, binary: string): void {
  const packed = compress(readFileSync(binary));
  for (const f of readdirSync(BIN_DIR)) if (f.startsWith(`${name}.br`)) rmSync(join(BIN_DIR, f));
  const parts = Math.ceil(packed.length / MAX_PART);
  for (let p = 0; p < parts; p++) writeFileSync(join(BIN_DIR, `${name}.br.${p}`), packed.subarray(p * MAX_PART, (p + 1) * MAX_PART));
  console.log(`${name}: ${packed.length} bytes in ${parts} part(s)`);
}

function main(): void {
  const root = process.env.TCC_ROOT;
  if (root === undefined) throw new Error("set TCC_ROOT to the unpacked i386 packages (see the header of this file)");
  mkdirSync(BIN_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "x86-programs-"));
  try {
    for (const v of VARIANTS) {
      const out = join(work, v.name);
      if (v.flags === null) tccBuild(root, out, work);
      else gccBuild(v.flags, out);
      store(v.name, out);
    }
    store("busybox", join(root, "bin/busybox"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
