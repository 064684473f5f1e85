// Loads v86's WebAssembly in the browser (the worker), from the URL Vite gives the file.

import wasmUrl from "v86/build/v86.wasm?url";
import type { WasmInstantiator } from "./emulator.ts";

export const instantiateV86WasmFromUrl: WasmInstantiator = async (imports) => {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`Download of v86.wasm failed: HTTP ${response.status}`);
  // Compile while downloading when the server labels the file as wasm.
  if (response.headers.get("content-type")?.startsWith("application/wasm")) {
    return (await WebAssembly.instantiateStreaming(response, imports)).instance.exports;
  }
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance.exports;
};
