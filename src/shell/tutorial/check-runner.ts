// Runs all checks of a step, in order, and stops at the first failure: guest checks through
// the console probe, node checks against the board view's state.

import { fillVars, type LabVars } from "../../labs/lab-vars.ts";
import type { Step } from "../../labs/lab-format.ts";
import type { NodeState } from "../board-view/node-state.ts";
import { judgeGuest, judgeNode, type Verdict } from "./check-eval.ts";
import { ProbeBusyError, type ConsoleProbe } from "./console-probe.ts";

const BUSY: Verdict = {
  passed: false,
  message: "The terminal is busy: wait for the prompt (or press Ctrl-C), clear the command line, then press Check again.",
};

export async function runChecks(step: Step, vars: LabVars, probe: ConsoleProbe, node: () => NodeState): Promise<Verdict> {
  for (const check of step.checks) {
    let verdict: Verdict;
    if (check.kind === "node") {
      verdict = judgeNode({ ...check, failure: fillVars(check.failure, vars) }, node());
    } else {
      try {
        const { status, output } = await probe.run(fillVars(check.script, vars));
        verdict = judgeGuest({ ...check, failure: fillVars(check.failure, vars) }, status, output);
      } catch (error) {
        if (error instanceof ProbeBusyError) return BUSY;
        return { passed: false, message: `The check could not run: ${(error as Error).message}.` };
      }
    }
    if (!verdict.passed) return verdict;
  }
  return { passed: true, message: "Done: the node shows this step's effect." };
}
