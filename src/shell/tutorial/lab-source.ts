// Which lab the page shows: ?labUrl=URL (an instructor's lab file, checked like the built-in
// ones), else ?lab=NAME from the registry, else the default lab.

import { parseLab, type Lab } from "../../labs/lab-format.ts";
import { DEFAULT_LAB, labByName } from "../../labs/registry.ts";

export async function chooseLab(search: string): Promise<Lab> {
  const params = new URLSearchParams(search);
  const url = params.get("labUrl");
  if (url) {
    const response = await fetch(new URL(url, location.href));
    if (!response.ok) throw new Error(`the lab file ${url} could not be loaded (HTTP ${response.status})`);
    return parseLab(await response.json());
  }
  const name = params.get("lab") ?? DEFAULT_LAB;
  const lab = labByName(name);
  if (!lab) throw new Error(`there is no lab named "${name}"`);
  return lab;
}
