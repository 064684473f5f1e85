// The labs the page knows by name (?lab=NAME). Each is a JSON file in content/, checked by
// parseLab when the page starts, so a broken lab fails loudly instead of showing half a lab.

import ihkMckernel from "./content/ihk-mckernel.json";
import { parseLab, type Lab } from "./lab-format.ts";

const LAB_FILES: Record<string, unknown> = {
  "ihk-mckernel": ihkMckernel,
};

export const DEFAULT_LAB = "ihk-mckernel";

export function labNames(): string[] {
  return Object.keys(LAB_FILES);
}

/** The lab with this name, or undefined. */
export function labByName(name: string): Lab | undefined {
  const file = LAB_FILES[name];
  return file === undefined ? undefined : parseLab(file);
}
