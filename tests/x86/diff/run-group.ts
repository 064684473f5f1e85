import { compareCase, type Mismatch } from "./compare.ts";
import { CoreRunner } from "./core-runner.ts";
import type { GoldenGroup } from "./goldens.ts";

/** The failures of one group, counted by field, with a few examples each. */
export interface GroupReport {
  group: string;
  cases: number;
  failed: number;
  /** Failing cases per field. */
  byField: Map<string, number>;
  examples: Map<string, string[]>;
}

const EXAMPLES = 3;

function hostError(e: unknown): Mismatch[] {
  return [{ field: "host-exception", detail: `the core threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` }];
}

/** Runs every case of a group on the core and counts the failing cases by field. */
export function runGroup(g: GoldenGroup): GroupReport {
  const runner = new CoreRunner();
  const report: GroupReport = { group: g.name, cases: g.cases.length, failed: 0, byField: new Map(), examples: new Map() };
  for (const c of g.cases) {
    let mismatches: Mismatch[];
    try {
      mismatches = compareCase(c, runner.run(c.code, c.init, g.kind === "mmx"), g.kind !== "int");
    } catch (e) {
      mismatches = hostError(e);
    }
    if (mismatches.length === 0) continue;
    report.failed++;
    for (const field of new Set(mismatches.map((m) => m.field))) {
      report.byField.set(field, (report.byField.get(field) ?? 0) + 1);
      const list = report.examples.get(field) ?? [];
      if (list.length < EXAMPLES) list.push(`${c.asm.replaceAll("\n", "; ")} [${Buffer.from(c.code).toString("hex")}]: ${mismatches.map((m) => m.detail).join("; ")}`);
      report.examples.set(field, list);
    }
  }
  return report;
}

export function formatReport(r: GroupReport): string {
  const lines = [`${r.group}: ${r.failed}/${r.cases} cases fail`];
  for (const [field, n] of [...r.byField].sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${field}: ${n}`);
    for (const e of r.examples.get(field) ?? []) lines.push(`    e.g. ${e}`);
  }
  return lines.join("\n");
}
