import { describe, expect, it } from "vitest";
import type { GoldenCase } from "../../../tools/x86diff/src/golden-format.ts";
import { compareCase } from "./compare.ts";
import { fpuFromCase, xmmDwords, type CoreOutcome } from "./core-runner.ts";
import { loadGroup } from "./goldens.ts";

/**
 * The comparison itself: a core that reproduced the golden outcome exactly passes, and one
 * defined bit changed anywhere fails, while bits a case leaves undefined are not looked at.
 */
function perfectCore(c: GoldenCase, mmx: boolean): CoreOutcome {
  const s = c.out.state;
  return {
    state: {
      gpr: Array.from(s.gpr),
      eip: c.out.eip,
      eflags: s.eflags,
      segments: [],
      fpu: fpuFromCase(s, mmx),
      xmm: xmmDwords(s),
      mxcsr: s.mxcsr,
    },
    mem: s.mem.slice(),
    fault: c.out.fault,
    eip: c.out.eip,
    problem: null,
  };
}

const sample = (group: string): GoldenCase[] => loadGroup(group).cases.filter((_, i) => i % 20 === 0);

describe("golden comparison", () => {
  it("accepts an exact reproduction of every sampled case", () => {
    for (const g of ["alu", "muldiv", "x87-arith-ext", "mmx", "sse-fp"]) {
      const kind = loadGroup(g).kind;
      for (const c of sample(g)) expect(compareCase(c, perfectCore(c, kind === "mmx"), kind !== "int"), c.asm).toEqual([]);
    }
  });

  it("rejects a changed register, defined flag, memory byte, XMM bit or x87 value", () => {
    for (const c of sample("alu").slice(0, 50)) {
      const reg = perfectCore(c, false);
      reg.state.gpr[c.gprUndef & 1 ? 1 : 0] ^= 0x100;
      expect(compareCase(c, reg, false).length).toBeGreaterThan(0);
      const mem = perfectCore(c, false);
      mem.mem[7] ^= 1;
      expect(compareCase(c, mem, false).map((m) => m.field)).toContain("mem");
      const flag = perfectCore(c, false);
      flag.state.eflags ^= 0x40 & ~c.flagsUndef; // ZF, whenever it is defined
      expect(compareCase(c, flag, false).length).toBe(c.flagsUndef & 0x40 ? 0 : 1);
    }
    for (const c of sample("sse-fp").slice(0, 30)) {
      const x = perfectCore(c, false);
      x.state.xmm[5] ^= 0x80000000;
      expect(compareCase(c, x, true).map((m) => m.field)).toContain("xmm");
    }
    const stacked = sample("x87-arith").filter((c) => c.out.state.ftw !== 0).slice(0, 30);
    for (const c of stacked) {
      const st = perfectCore(c, false);
      const top = (c.out.state.fsw >> 11) & 7;
      const bits = st.state.fpu.bits ?? [];
      bits[2 * top + 1] = (bits[2 * top + 1] ?? 0) ^ 0x80000000; // flip the sign of ST(0)
      expect(compareCase(c, st, true).some((m) => m.field.startsWith("st") || m.field === "ftw")).toBe(((c.out.state.ftw >> top) & 1) === 1);
    }
    // a 64-bit significand one unit off, the double unchanged
    const extended = sample("x87-arith-ext").filter((c) => ((c.out.state.ftw >> ((c.out.state.fsw >> 11) & 7)) & 1) === 1 && perfectCore(c, false).state.fpu.low?.[(c.out.state.fsw >> 11) & 7] !== 0);
    expect(extended.length).toBeGreaterThan(5);
    for (const c of extended) {
      const st = perfectCore(c, false);
      const top = (c.out.state.fsw >> 11) & 7;
      const low = st.state.fpu.low ?? [];
      const hi = Math.abs(st.state.fpu.regs[top] ?? 0);
      low[top] = (low[top] ?? 0) + 2 ** (Math.floor(Math.log2(hi)) - 63);
      expect(compareCase(c, st, true).map((m) => m.field)).toContain("st.64");
    }
  });

  it("ignores flags a case leaves undefined", () => {
    const cases = sample("muldiv").filter((c) => c.flagsUndef !== 0 && c.out.fault === null);
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const o = perfectCore(c, false);
      o.state.eflags ^= c.flagsUndef;
      expect(compareCase(c, o, false)).toEqual([]);
    }
  });
});
