import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SRC_DIR, unpack, VARIANTS } from "./binaries.ts";
import type { Invocation } from "./run-both.ts";

export const PROGRAMS = ["intarith", "strings", "stdio", "mathlib", "sorting", "jumps", "spmv", "floatbits"] as const;

/** Every C program in every build: `${variant}/${program}` → how to run it. */
export function programCases(): Map<string, Invocation> {
  const cases = new Map<string, Invocation>();
  for (const v of VARIANTS) {
    const binary = unpack(v.name);
    for (const p of PROGRAMS) {
      const stdin = p === "stdio" ? readFileSync(join(SRC_DIR, "stdio.in"), "latin1") : undefined;
      cases.set(`${v.name}/${p}`, { binary, args: [p], stdin });
    }
  }
  return cases;
}

/** A directory with fixed names, sizes, modes and times for `ls -l` and `sha256sum`. */
function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "x86-busybox-"));
  const when = new Date("2024-03-05T06:07:08Z");
  const data = Buffer.alloc(100_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 7)) & 0xff;
  writeFileSync(join(dir, "data.bin"), data);
  writeFileSync(join(dir, "notes.txt"), "alpha\nbeta\n");
  mkdirSync(join(dir, "sub"));
  for (const f of ["data.bin", "notes.txt", "sub"]) utimesSync(join(dir, f), when, when);
  return dir;
}

const SORT_INPUT = ["pear", "10", "apple", "9", "Banana", "-3", "cherry", "apple", "2.5", "100"].join("\n") + "\n";

const AWK_PROGRAM = [
  '{ n++; sum += $2; if ($2 > max) max = $2; names = names toupper(substr($1, 1, 1)) }',
  'END { printf "%d rows, sum %.3f, mean %.6f, max %g, %s\\n", n, sum, sum / n, max, names;',
  '      printf "%5.2e|%-8s|%x|%c\\n", sum * 1e6, "left", 255, 65; print length(names), index(names, "C"), 7 % 3, int(-3.7) }',
].join("\n");

const SHELL_SCRIPT = [
  "i=0; total=0",
  "while [ $i -lt 12 ]; do total=$((total + i * i)); i=$((i + 1)); done",
  'echo "total $total"',
  "f() { echo \"f got $# args: $*\"; return 3; }",
  "f one two three; echo \"status $?\"",
  'for w in alpha beta gamma; do case $w in a*) echo "$w starts with a";; *) echo "$w";; esac; done',
  'x=hello; echo "${#x} ${x%lo} ${x#he} $((0x10 + 010))"',
  'printf "%s=%d\\n" answer 42',
  "test -d sub && echo dir-ok; test -f missing || echo no-file",
].join("\n");

/** The busybox checks: each applet on input it reads from the fixture directory or stdin. */
export function busyboxCases(): Map<string, Invocation> {
  const binary = unpack("busybox");
  const cwd = fixtureDir();
  const awkInput = "carrot 3.5\napple 10\nbanana -2.25\ncherry 7\n";
  return new Map<string, Invocation>([
    ["ls -l", { binary, args: ["ls", "-l"], cwd }],
    ["ls -la sub", { binary, args: ["ls", "-la", "--full-time", "sub"], cwd }],
    ["sort", { binary, args: ["sort"], stdin: SORT_INPUT, cwd }],
    ["sort -n -r", { binary, args: ["sort", "-n", "-r"], stdin: SORT_INPUT, cwd }],
    ["sha256sum", { binary, args: ["sha256sum", "data.bin", "notes.txt"], cwd }],
    ["awk", { binary, args: ["awk", AWK_PROGRAM], stdin: awkInput, cwd }],
    ["sh -c", { binary, args: ["sh", "-c", SHELL_SCRIPT], cwd }],
  ]);
}
