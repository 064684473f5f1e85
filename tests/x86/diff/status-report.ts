/**
 * `npx tsx tests/x86/diff/status-report.ts`: the per-group failure table for
 * tests/x86/STATUS.md (every mismatch counted).
 */
import { goldenGroupNames, loadGroup } from "./goldens.ts";
import { runGroup } from "./run-group.ts";

const rows = ["| group | cases | failing | failing cases by field | example |", "|---|---:|---:|---|---|"];
let total = 0;
let failing = 0;
for (const name of goldenGroupNames()) {
  const r = runGroup(loadGroup(name));
  total += r.cases;
  failing += r.failed;
  const fields = [...r.byField].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(", ");
  const first = [...r.examples.values()][0]?.[0] ?? "";
  rows.push(`| ${name} | ${r.cases} | ${r.failed} | ${fields} | ${first.replaceAll("|", "\\|").slice(0, 160)} |`);
}
rows.push(`| **all** | ${total} | ${failing} | | |`);
console.log(rows.join("\n"));
