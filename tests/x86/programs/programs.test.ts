import { describe, it } from "vitest";
import { expectSame } from "./expect-same.ts";
import { busyboxCases, programCases } from "./suite.ts";

/**
 * Program-level tests: C programs built with gcc -m32 (-O0, -O2, -O2 -msse2 -mfpmath=sse)
 * and tcc, and busybox applets, give the same output and exit status under x86run as they
 * do on this machine's CPU.
 */
describe.concurrent("programs under x86run match native runs", () => {
  for (const [name, inv] of programCases()) it(name, () => expectSame(inv), 120_000);
  for (const [name, inv] of busyboxCases()) it(`busybox ${name}`, () => expectSame(inv), 120_000);
});
