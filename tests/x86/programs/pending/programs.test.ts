import { describe, it } from "vitest";
import { PENDING_PROGRAMS } from "../pending.ts";
import { expectSame } from "../expect-same.ts";
import { busyboxCases, programCases } from "../suite.ts";

/** The program runs of ../pending.ts: these fail until the core reproduces them. */
describe.concurrent("pending: programs under x86run match native runs", () => {
  const all = new Map([...programCases(), ...[...busyboxCases()].map(([k, v]) => [`busybox ${k}`, v] as const)]);
  for (const name of Object.keys(PENDING_PROGRAMS)) {
    const inv = all.get(name);
    if (inv === undefined) throw new Error(`pending.ts names an unknown program run: ${name}`);
    it(name, () => expectSame(inv), 120_000);
  }
});
