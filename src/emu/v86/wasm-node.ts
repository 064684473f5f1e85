// Loads v86's WebAssembly in Node, from the installed package.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { WasmInstantiator } from "./emulator.ts";

const require = createRequire(import.meta.url);
let compiled: Promise<WebAssembly.Module> | undefined;

export const instantiateV86WasmFromPackage: WasmInstantiator = async (imports) => {
  // Compile once per process: tests and benches start many boards.
  compiled ??= readFile(require.resolve("v86/build/v86.wasm")).then((bytes) => WebAssembly.compile(bytes));
  const instance = await WebAssembly.instantiate(await compiled, imports);
  return instance.exports;
};
