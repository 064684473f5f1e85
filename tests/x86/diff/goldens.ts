import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeGolden, type GoldenCase, type StateKind } from "../../../tools/x86diff/src/golden-format.ts";
import { GOLDEN_DIR } from "../../../tools/x86diff/src/paths.ts";

export interface GoldenGroup {
  name: string;
  kind: StateKind;
  files: string[];
  cases: GoldenCase[];
}

/** Every committed golden group (files `<group>.<part>.bin.gz`), sorted by name. */
export function goldenGroupNames(): string[] {
  const names = readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith(".bin.gz"))
    .map((f) => f.slice(0, f.indexOf(".")));
  return [...new Set(names)].sort();
}

const loaded = new Map<string, GoldenGroup>();

/** A group's cases, decoded once per test process. */
export function loadGroup(name: string): GoldenGroup {
  const known = loaded.get(name);
  if (known !== undefined) return known;
  const files = readdirSync(GOLDEN_DIR).filter((f) => f.startsWith(`${name}.`) && f.endsWith(".bin.gz")).sort();
  const decoded = files.map((f) => decodeGolden(readFileSync(join(GOLDEN_DIR, f))));
  const kind = decoded[0]?.kind ?? "int";
  const group = { name, kind, files, cases: decoded.flatMap((d) => d.cases) };
  loaded.set(name, group);
  return group;
}
