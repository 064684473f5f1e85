// Each shared ABI has one definition (src/abi/): the committed C headers must be fresh
// generations of them, and C compilers must lay the structures out as TypeScript does.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { generateHeader, type AbiModule } from "../../src/abi/c-header.ts";
import { defineStruct, LayoutError } from "../../src/abi/layout.ts";
import { ABI_MODULES } from "../../src/abi/modules.ts";
import { REPO_ROOT } from "../../src/cli/paths.ts";

const includeDir = resolve(REPO_ROOT, "images/include");

/** A C program printing "struct.field offset size" for every field, and every constant. */
function layoutProgram(module: AbiModule): string {
  const include = module.header.replace(/^images\/include\//, "");
  const lines = ["#include <stdio.h>", `#include "${include}"`, "int main(void) {"];
  for (const layout of module.structs) {
    lines.push(`\tprintf("${layout.name} %zu\\n", sizeof(struct ${layout.name}));`);
    for (const f of layout.fields) {
      const size = f.count === 0 ? "0" : `sizeof(((struct ${layout.name} *)0)->${f.name})`;
      lines.push(`\tprintf("${layout.name}.${f.name} %zu %zu\\n", offsetof(struct ${layout.name}, ${f.name}), (size_t)${size});`);
    }
  }
  for (const group of module.constantGroups) {
    for (const c of group.constants) lines.push(`\tprintf("${c.name} %lld\\n", (long long)${c.name});`);
  }
  lines.push("\treturn 0;", "}");
  return lines.join("\n");
}

function expectedLayout(module: AbiModule): string {
  const lines: string[] = [];
  for (const layout of module.structs) {
    lines.push(`${layout.name} ${layout.size}`);
    for (const f of layout.fields) lines.push(`${layout.name}.${f.name} ${f.offset} ${f.size}`);
  }
  for (const group of module.constantGroups) for (const c of group.constants) lines.push(`${c.name} ${c.value}`);
  return lines.join("\n") + "\n";
}

function compileAndRun(module: AbiModule, flags: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "cn01-abi-"));
  writeFileSync(join(dir, "layout.c"), layoutProgram(module));
  execFileSync("gcc", [...flags, "-Wall", "-Werror", "-I", includeDir, "-o", join(dir, "layout"), join(dir, "layout.c")]);
  return execFileSync(join(dir, "layout"), { encoding: "utf8" });
}

describe.each(ABI_MODULES.map((module) => [module.header, module] as const))("the ABI of %s", (_, module) => {
  it("has its committed C header equal to a fresh generation (run `npm run abi`)", () => {
    expect(readFileSync(resolve(REPO_ROOT, module.header), "utf8")).toBe(generateHeader(module));
  });

  it("is laid out by gcc -m32 (the guest) exactly as TypeScript lays it out", () => {
    expect(compileAndRun(module, ["-m32"])).toBe(expectedLayout(module));
  });

  it("is laid out the same by a 64-bit compiler", () => {
    expect(compileAndRun(module, [])).toBe(expectedLayout(module));
  });
});

describe("struct layouts", () => {
  it("refuses a layout that would need hidden padding", () => {
    expect(() => defineStruct("bad", "", [
      { name: "a", type: "u32", doc: "" },
      { name: "b", type: "u64", doc: "" },
    ])).toThrow(LayoutError);
  });
});
