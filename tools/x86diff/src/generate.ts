/**
 * `npm run x86:goldens [group…]`: generates every case of every group from fixed seeds, runs
 * them on this machine's CPU (needs nasm and gcc -m32) and writes the golden files the tests
 * read. Deterministic: the same seeds give the same cases.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assembleAll } from "./assemble.ts";
import { encodeGolden } from "./golden-format.ts";
import { GROUPS } from "./groups/index.ts";
import type { Group } from "./groups/group.ts";
import { buildRunner, runNative } from "./native.ts";
import { GOLDEN_DIR, MAX_FILE_BYTES } from "./paths.ts";
import { specs } from "./specs.ts";

/** Encodes `cases` into as few files as keep each under the size limit. */
function writeFiles(group: Group, cases: Parameters<typeof encodeGolden>[1]): string[] {
  let parts = 1;
  for (;;) {
    const per = Math.ceil(cases.length / parts);
    const files = Array.from({ length: parts }, (_, p) => encodeGolden(group.kind, cases.slice(p * per, (p + 1) * per)));
    if (files.every((f) => f.length <= MAX_FILE_BYTES)) {
      return files.map((f, p) => {
        const path = join(GOLDEN_DIR, `${group.name}.${p}.bin.gz`);
        writeFileSync(path, f);
        return `${path} (${f.length} bytes)`;
      });
    }
    parts++;
  }
}

function generate(group: Group, runner: string): void {
  const list = specs(group);
  const codes = assembleAll(list.map((s) => s.asm));
  const outcomes = runNative(runner, list.map((s, i) => ({ code: codes[i] ?? new Uint8Array(), init: s.init })));
  const cases = list.map((s, i) => ({ ...s, code: codes[i] ?? new Uint8Array(), out: outcomes[i] ?? fail(i) }));
  for (const f of readdirSync(GOLDEN_DIR)) if (f.startsWith(`${group.name}.`)) rmSync(join(GOLDEN_DIR, f));
  const faults = cases.filter((c) => c.out.fault !== null).length;
  console.log(`${group.name}: ${cases.length} cases, ${faults} faulting -> ${writeFiles(group, cases).join(", ")}`);
}

function fail(i: number): never {
  throw new Error(`no native outcome for case ${i}`);
}

function main(): void {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !GROUPS.some((g) => g.name === w));
  if (unknown.length > 0) throw new Error(`unknown group(s): ${unknown.join(", ")}`);
  mkdirSync(GOLDEN_DIR, { recursive: true });
  const runner = buildRunner(join(tmpdir(), "x86diff-build"));
  for (const g of GROUPS) if (wanted.length === 0 || wanted.includes(g.name)) generate(g, runner);
}

main();
