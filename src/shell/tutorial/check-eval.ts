// Turns what a check observed into a verdict the learner can act on: pass, or the first
// concrete reason it failed.

import type { GuestCheck, NodeCheck } from "../../labs/lab-format.ts";
import type { CpuOwner, NodeState } from "../board-view/node-state.ts";

export interface Verdict {
  passed: boolean;
  message: string;
}

const PASS: Verdict = { passed: true, message: "Done." };

/** A guest check passes when its script exits 0 and prints no `FAIL:` line. */
export function judgeGuest(check: GuestCheck, status: number, output: string): Verdict {
  const failLine = output.split("\n").find((line) => line.startsWith("FAIL:"));
  if (failLine) return { passed: false, message: failLine.slice("FAIL:".length).trim() };
  return status === 0 ? PASS : { passed: false, message: check.failure };
}

function ownerKind(owner: CpuOwner | undefined): string {
  return owner?.kind ?? "missing";
}

const describe = (owner: CpuOwner | undefined): string =>
  owner === undefined ? "missing" : "os" in owner ? `${owner.kind} (OS ${owner.os})` : owner.kind;

/** A node check compares the board's own view of the node with what the step should have done. */
export function judgeNode(check: NodeCheck, node: NodeState): Verdict {
  for (const [cpu, wanted] of Object.entries(check.cpus ?? {})) {
    const owner = node.cpus[Number(cpu)];
    // "offline" in a lab means not Linux's and not IHK's: the board calls that free.
    const expected = wanted === "offline" ? "free" : wanted;
    if (ownerKind(owner) !== expected) return { passed: false, message: `${check.failure} CPU ${cpu} is ${describe(owner)}, not ${wanted}.` };
  }
  if (check.reservedAtLeast !== undefined && node.memory.reservedBytes < check.reservedAtLeast) {
    const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;
    return { passed: false, message: `${check.failure} Reserved: ${mib(node.memory.reservedBytes)}, expected at least ${mib(check.reservedAtLeast)}.` };
  }
  if (check.os0 !== undefined) {
    const status = node.oses.find((os) => os.index === 0)?.status ?? "none";
    if (status !== check.os0) return { passed: false, message: `${check.failure} OS 0 is ${status}, not ${check.os0}.` };
  }
  return PASS;
}
