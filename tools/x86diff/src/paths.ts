import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Where the committed golden files live. */
export const GOLDEN_DIR = join(root, "tests", "x86", "diff", "goldens");
/** No committed golden file may exceed this. */
export const MAX_FILE_BYTES = 880_000;
