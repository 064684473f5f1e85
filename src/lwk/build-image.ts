// npm run lwk: bundles src/lwk into JavaScript and wraps it as mckernel.img (see
// src/abi/ihk-image.ts) at LWK_IMAGE_PATH; the board puts it into the guest home.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { encodeImage } from "../abi/ihk-image.ts";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
export const LWK_IMAGE_PATH = resolve(ROOT, ".cache/lwk/mckernel.img");

/** `import text from "./file?raw"` (as Vite does for the tests): the file's text, e.g.
 * arch/x86/kernel/include/syscall_list.h. */
const rawText: Plugin = {
  name: "raw-text",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -"?raw".length)), namespace: "raw-text" }));
    b.onLoad({ filter: /.*/, namespace: "raw-text" }, async (args) => ({ contents: await readFile(args.path, "utf8"), loader: "text" }));
  },
};

export async function buildLwkImage(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [resolve(ROOT, "src/lwk/main.ts")],
    bundle: true,
    format: "iife",
    globalName: "mckernel",
    target: "es2022",
    platform: "neutral",
    write: false,
    logLevel: "silent",
    plugins: [rawText],
  });
  return encodeImage(result.outputFiles[0]!.text);
}

export async function writeLwkImage(path = LWK_IMAGE_PATH): Promise<Uint8Array> {
  const image = await buildLwkImage();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, image);
  return image;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const image = await writeLwkImage();
  console.log(`lwk: ${LWK_IMAGE_PATH} (${image.length} bytes)`);
}
