// Loads v86's WebAssembly in the browser (the worker), from the URL Vite gives the file.
// Compilation starts as soon as the worker loads (prefetchV86Wasm), beside the other downloads.

import wasmUrl from "v86/build/v86.wasm?url";
import type { WasmInstantiator } from "./emulator.ts";

let compiled: Promise<WebAssembly.Module> | undefined;

async function compile(): Promise<WebAssembly.Module> {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`Download of v86.wasm failed: HTTP ${response.status}`);
  // Compile while downloading when the server labels the file as wasm.
  if (response.headers.get("content-type")?.startsWith("application/wasm")) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

export function prefetchV86Wasm(): void {
  compiled ??= compile();
  // A failure is reported when the module is needed; do not let it go unhandled before.
  compiled.catch(() => undefined);
}

export const instantiateV86WasmFromUrl: WasmInstantiator = async (imports) => {
  prefetchV86Wasm();
  return (await WebAssembly.instantiate(await compiled!, imports)).exports;
};
