import { expect } from "vitest";
import { runEmulated, runNative, type Invocation } from "./run-both.ts";

/** Runs `inv` natively and under x86run; stdout and exit status must be the same. */
export async function expectSame(inv: Invocation): Promise<void> {
  const [native, emulated] = await Promise.all([runNative(inv), runEmulated(inv)]);
  expect(native.status, `native run failed: ${native.stderr}`).toBe(0);
  expect(emulated.stdout, `x86run stderr: ${emulated.stderr.slice(0, 2000)}`).toBe(native.stdout);
  expect(emulated.status, `x86run stderr: ${emulated.stderr.slice(0, 2000)}`).toBe(native.status);
}
