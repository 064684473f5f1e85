// npm run abi: writes the generated C headers into images/include/.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateHeader, HEADER_PATH } from "./c-header.ts";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
const path = resolve(root, HEADER_PATH);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, generateHeader());
console.log(`abi: wrote ${HEADER_PATH}`);
