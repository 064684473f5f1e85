// npm run abi: writes the generated C headers into images/include/.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateHeader } from "./c-header.ts";
import { ABI_MODULES } from "./modules.ts";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
for (const module of ABI_MODULES) {
  const path = resolve(root, module.header);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generateHeader(module));
  console.log(`abi: wrote ${module.header}`);
}
