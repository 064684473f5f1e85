import { describe, expect, it } from "vitest";
import { loadGroup } from "../goldens.ts";
import { pendingGroups } from "../pending.ts";
import { formatReport, runGroup } from "../run-group.ts";

/** The known differences of ../pending.ts: these fail until the core fixes them. */
describe("x86 core against the real CPU: pending differences", () => {
  for (const name of pendingGroups()) {
    it(name, () => {
      const report = runGroup(loadGroup(name), "pending");
      expect(report.failed, formatReport(report)).toBe(0);
    }, 120_000);
  }
});
