import { CaseBuilder, type CaseSpec } from "./builder.ts";
import type { Group } from "./groups/group.ts";
import { Rng } from "./rng.ts";

/** A group's seed is derived from its name, so adding a group leaves the others unchanged. */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** Every case of a group, deterministically from the group's seed. */
export function specs(group: Group): CaseSpec[] {
  const rng = new Rng(seedOf(group.name));
  return Array.from({ length: group.count }, () => {
    const b = new CaseBuilder(rng);
    group.make(b);
    return b.build(group.kind);
  });
}
