import { describe, expect, it } from "vitest";
import { GROUPS } from "../../../tools/x86diff/src/groups/index.ts";
import { specs } from "../../../tools/x86diff/src/specs.ts";
import type { MachineState } from "../../../tools/x86diff/src/machine-state.ts";
import { goldenGroupNames, loadGroup } from "./goldens.ts";

interface Described {
  init: MachineState;
  flagsUndef: number;
  fswUndef: number;
  gprUndef: number;
  policy: number;
}

/** Everything a case starts from, as one string (fast to compare for 75,000 cases). */
function signature(c: Described): string {
  const s = c.init;
  const scalars = [c.flagsUndef, c.fswUndef, c.gprUndef, c.policy, s.eflags, s.fcw, s.fsw, s.ftw, s.mxcsr, ...s.gpr].join(",");
  return `${scalars}|${Buffer.from(s.st).toString("hex")}|${Buffer.from(s.xmm).toString("hex")}|${Buffer.from(s.mem).toString("hex")}`;
}

/**
 * The committed goldens are what the generator produces: same groups, and for every case the
 * same instruction text, masks and initial state. (Running them natively needs nasm and
 * gcc -m32, which CI lacks; this part needs neither.) After changing a group, regenerate
 * with `npm run x86:goldens GROUP`.
 */
describe("x86 goldens are up to date with the generator", () => {
  it("has a golden file for every group and no other", () => {
    expect(goldenGroupNames()).toEqual(GROUPS.map((g) => g.name).sort());
  });

  for (const group of GROUPS) {
    it(group.name, () => {
      const golden = loadGroup(group.name);
      const fresh = specs(group);
      expect(golden.kind).toBe(group.kind);
      expect(golden.cases.length).toBe(fresh.length);
      const stale = fresh.flatMap((s, i) => {
        const g = golden.cases[i];
        const same = g !== undefined && g.asm === s.asm && signature(g) === signature(s);
        return same ? [] : [`case ${i}: ${s.asm.replaceAll("\n", "; ")}`];
      });
      expect(stale.slice(0, 5), `${stale.length} stale cases; run npm run x86:goldens ${group.name}`).toEqual([]);
    }, 120_000);
  }
});
