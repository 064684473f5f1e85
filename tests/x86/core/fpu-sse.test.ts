import { describe, expect, it } from "vitest";
import { coreWith, hex } from "./harness.ts";

function withDoubles(code: string, values: number[]) {
  const { cpu, mem } = coreWith(hex(`${code}`));
  const dv = new DataView(mem.u8.buffer);
  values.forEach((v, i) => dv.setFloat64(0x3000 + 8 * i, v, true));
  const result = cpu.run(1000);
  return { cpu, dv, result };
}

describe("x87", () => {
  it("fld/fadd/fstp compute in double and fxam reports -0 with its sign", () => {
    const { cpu, dv, result } = withDoubles(
      "dd 05 00 30 00 00 dc 05 08 30 00 00 dd 1d 10 30 00 00 d9 ee d9 e0 d9 e5 df e0 dd d8 f4", [1.5, 2.25]);
    expect(result.kind).toBe("hlt");
    expect(dv.getFloat64(0x3010, true)).toBe(3.75);
    expect(cpu.regs[0] & 0xffff).toBe(0x4000 | 0x200 | (7 << 11));
    expect(cpu.fpu.tagWord()).toBe(0xffff);
  });

  it("0/0 stores the negative default NaN; fcomip sets CF for less", () => {
    const { cpu, dv } = withDoubles("d9 e8 d9 ee dc f8 dd 1d 00 30 00 00 d9 e8 d9 e8 dc c1 df f1 f4", []);
    expect(dv.getUint32(0x3004, true)).toBe(0xfff80000);
    expect(dv.getUint32(0x3000, true)).toBe(0);
    expect(cpu.eflags & 0x45).toBe(1);
    expect(cpu.fpu.st(0)).toBe(2);
  });
});

describe("x87 extended precision", () => {
  // fld1; fadd qword [0x3000] ×3; fstp qword [0x3010]; hlt  — adding 2^-54 three times
  const code = "d9 e8 dc 05 00 30 00 00 dc 05 00 30 00 00 dc 05 00 30 00 00 dd 1d 10 30 00 00 f4";

  it("keeps 64-bit intermediate results (precision control 64, Linux's default)", () => {
    const { dv } = withDoubles(code, [2 ** -54]);
    expect(dv.getFloat64(0x3010, true)).toBe(1 + 2 ** -52);
  });

  it("fld/fstp tword keep all 64 significand bits", () => {
    // fld tword [0x3000]; fld st0; fstp tword [0x3010]; fstp qword [0x3020]; hlt
    const { cpu, mem } = coreWith(hex("db 2d 00 30 00 00 d9 c0 db 3d 10 30 00 00 dd 1d 20 30 00 00 f4"));
    const value = [0x10, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f]; // 1 + 2^-59
    mem.u8.set(value, 0x3000);
    cpu.run(100);
    expect(Array.from(mem.u8.subarray(0x3010, 0x301a))).toEqual(value);
    expect(new DataView(mem.u8.buffer).getFloat64(0x3020, true)).toBe(1);
  });

  it("rounds every result to double with precision control 53", () => {
    const { cpu, mem } = coreWith(hex(code));
    new DataView(mem.u8.buffer).setFloat64(0x3000, 2 ** -54, true);
    cpu.fpu.control = 0x27f;
    cpu.run(100);
    expect(new DataView(mem.u8.buffer).getFloat64(0x3010, true)).toBe(1);
  });
});

describe("x87 integer stores of extended values", () => {
  // fld qword [0x3000]; fdiv qword [0x3008]; fistp qword [0x3010]; hlt — the quotient keeps a
  // low part below the double, so the store rounds the exact 64-bit value.
  const code = "dd 05 00 30 00 00 dc 35 08 30 00 00 df 3d 10 30 00 00 f4";

  it("fistp m64 rounds a quotient with a low part to nearest", () => {
    const { dv, result } = withDoubles(code, [14336, 3]);
    expect(result.kind).toBe("hlt");
    expect(dv.getBigInt64(0x3010, true)).toBe(4779n);
  });

  it("fistp m64 rounds a negative quotient with a low part to nearest", () => {
    const { dv, result } = withDoubles(code, [-14336, 3]);
    expect(result.kind).toBe("hlt");
    expect(dv.getBigInt64(0x3010, true)).toBe(-4779n);
  });
});

describe("SSE2", () => {
  it("addsd and cvttsd2si", () => {
    const { cpu, dv } = withDoubles("f2 0f 10 05 00 30 00 00 f2 0f 58 05 08 30 00 00 f2 0f 2c c0 f2 0f 11 05 10 30 00 00 f4", [-2.5, 0.25]);
    expect(dv.getFloat64(0x3010, true)).toBe(-2.25);
    expect(cpu.regs[0]).toBe(-2);
  });

  it("pcmpeqb + pmovmskb finds zero bytes (what strlen does)", () => {
    const { cpu, mem } = coreWith(hex("f3 0f 6f 0d 00 30 00 00 66 0f ef d2 66 0f 74 ca 66 0f d7 c1 f4"));
    mem.u8.set(Array.from({ length: 16 }, (_, i) => (i === 3 || i === 12 ? 0 : 0x41)), 0x3000);
    cpu.run(100);
    expect(cpu.regs[0]).toBe((1 << 3) | (1 << 12));
  });

  it("cpuid advertises exactly FPU TSC CX8 CMOV MMX FXSR SSE SSE2, and a hypervisor", () => {
    const { cpu } = coreWith(hex("b8 01 00 00 00 0f a2 f4"));
    cpu.run(10);
    expect(cpu.regs[2] >>> 0).toBe(0x0780_8111);
    expect(cpu.regs[1] >>> 0).toBe(0x8000_0000);
  });

  it("cpuid names the same hypervisor as v86's CPU (leaf 0x40000000)", () => {
    const { cpu } = coreWith(hex("b8 00 00 00 40 0f a2 f4"));
    cpu.run(10);
    const text = [cpu.regs[3]!, cpu.regs[1]!, cpu.regs[2]!].map((r) => String.fromCharCode(r & 0xff, (r >> 8) & 0xff, (r >> 16) & 0xff, (r >>> 24) & 0xff)).join("");
    expect(text).toBe("VMwareVMware");
  });
});

describe("integer details", () => {
  it("mul produces the 64-bit product", () => {
    const { cpu } = coreWith(hex("b8 ff ff ff ff b9 ff ff ff ff f7 e1 f4"));
    cpu.run(10);
    expect([cpu.regs[0] >>> 0, cpu.regs[2] >>> 0]).toEqual([1, 0xfffffffe]);
    expect(cpu.eflags & 0x801).toBe(0x801);
  });

  it("idiv truncates toward zero", () => {
    const { cpu } = coreWith(hex("b8 f9 ff ff ff 99 b9 02 00 00 00 f7 f9 f4"));
    cpu.run(10);
    expect([cpu.regs[0], cpu.regs[2]]).toEqual([-3, -1]);
  });

  it("shld, bsf, bsr", () => {
    const a = coreWith(hex("b8 78 56 34 12 ba f0 de bc 9a 0f a4 d0 08 f4"));
    a.cpu.run(10);
    expect(a.cpu.regs[0] >>> 0).toBe(0x3456789a);
    const b = coreWith(hex("b9 00 00 f0 00 0f bc c1 0f bd d1 f4"));
    b.cpu.run(10);
    expect([b.cpu.regs[0], b.cpu.regs[2]]).toEqual([20, 23]);
  });

  it("cmpxchg8b mismatch loads EDX:EAX from memory and clears ZF", () => {
    const { cpu, mem } = coreWith(hex("b8 01 00 00 00 ba 02 00 00 00 bb 03 00 00 00 b9 04 00 00 00 0f c7 0d 00 30 00 00 f4"));
    mem.u8.set([9, 0, 0, 0, 8, 0, 0, 0], 0x3000);
    cpu.run(20);
    expect([cpu.regs[0], cpu.regs[2]]).toEqual([9, 8]);
    expect(cpu.eflags & 0x40).toBe(0);
  });

  it("rol then rcr by one", () => {
    const { cpu } = coreWith(hex("b8 01 00 00 80 d1 c0 d1 d8 f4"));
    cpu.run(10);
    expect(cpu.regs[0] >>> 0).toBe(0x80000001);
    expect(cpu.eflags & 1).toBe(1);
  });
});

describe("robustness", () => {
  it("random bytes as code only ever produce x86 results", () => {
    let seed = 12345;
    const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 16; };
    const kinds = new Set<string>();
    for (let t = 0; t < 300; t++) {
      const code = Array.from({ length: 256 }, () => rnd() & 0xff);
      const { cpu } = coreWith(code, 1 << 18);
      for (let i = 0; i < 8; i++) if (i !== 4) cpu.regs[i] = rnd() << 2;
      const r = cpu.run(500);
      kinds.add(r.kind === "fault" ? r.fault.name : r.kind);
    }
    expect([...kinds].every((k) => ["budget", "hlt", "interrupt", "sysenter", "#UD", "#GP", "#PF", "#DE"].includes(k))).toBe(true);
    expect(kinds.has("#UD")).toBe(true);
  }, 30_000);
});
