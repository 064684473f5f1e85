import { describe, expect, it } from "vitest";
import {
  exactResult, RC_DOWN, RC_UP, rounded, roundExact, roundToSingle, twoProduct, twoQuotient, twoSqrt, twoSum,
} from "../../../src/emu/x86/rounding.ts";

let seed = 11;
const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
/** Doubles over the whole exponent range, subnormals included. */
const anyDouble = (): number => (rnd() - 0.5) * 4 * 2 ** Math.floor(rnd() * 2140 - 1075);

const ops: [string, (a: number, b: number) => number, (a: number, b: number) => number][] = [
  ["add", twoSum, (a, b) => a + b],
  ["mul", twoProduct, (a, b) => a * b],
  ["div", twoQuotient, (a, b) => a / b],
  ["sqrt", (a) => twoSqrt(Math.abs(a)), (a) => Math.sqrt(Math.abs(a))],
];

describe("exact rounding", () => {
  it("round-to-nearest of the exact results equals JS (hardware) double arithmetic", () => {
    const wrong: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const a = anyDouble(), b = anyDouble();
      for (const [name, exact, plain] of ops) {
        const hi = exact(a, b);
        const r = roundExact(hi, exactResult.low, 53, 0, undefined, exactResult.scale);
        if (!Object.is(r, plain(a, b))) wrong.push(`${name}(${a}, ${b})`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("directed rounding brackets the exact value and flags inexact results", () => {
    const hi = twoQuotient(1, 3), lo = exactResult.low;
    const down = roundExact(hi, lo, 53, RC_DOWN);
    expect(rounded.inexact).toBe(true);
    const up = roundExact(hi, lo, 53, RC_UP);
    expect(rounded.up).toBe(true);
    expect(down).toBeLessThan(up);
    expect(up - down).toBe(2 ** -54);
    expect(roundExact(twoSum(0.5, 0.25), exactResult.low, 53, RC_UP)).toBe(0.75);
    expect(rounded.inexact).toBe(false);
  });

  it("64-bit precision rounds at the extended grid: 1 + 2^-60 is inexact in double only", () => {
    const hi = twoSum(1, 2 ** -60), lo = exactResult.low;
    roundExact(hi, lo, 64, 0);
    expect(rounded.inexact).toBe(false);
    roundExact(hi, lo, 53, 0);
    expect(rounded.inexact).toBe(true);
  });

  it("single precision matches Math.fround of exact float sums", () => {
    for (let i = 0; i < 5000; i++) {
      const a = Math.fround(anyDouble() * 1e-280), b = Math.fround(anyDouble() * 1e-280);
      const hi = twoSum(a, b);
      expect(roundToSingle(hi, exactResult.low, 0)).toBe(Math.fround(a + b));
    }
  });
});
