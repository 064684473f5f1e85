import { describe, expect, it } from "vitest";
import { runToHlt } from "./harness.ts";

const CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
const ARITH = CF | PF | AF | ZF | SF | OF;

describe("integer ALU with lazy flags", () => {
  it("add eax, ebx sets CF, ZF, AF, PF on unsigned wrap to zero", () => {
    // mov eax,0xffffffff; mov ebx,1; add eax,ebx
    const { cpu, result } = runToHlt("b8 ff ff ff ff bb 01 00 00 00 01 d8");
    expect(result.kind).toBe("hlt");
    expect(cpu.regs[0]).toBe(0);
    expect(cpu.eflags & ARITH).toBe(CF | ZF | AF | PF);
  });

  it("sub sets OF on signed overflow and SF", () => {
    // mov eax,0x80000000; sub eax,1 => 0x7fffffff, OF, AF, PF(0xff) ...
    const { cpu } = runToHlt("b8 00 00 00 80 83 e8 01");
    expect(cpu.regs[0]).toBe(0x7fffffff);
    expect(cpu.eflags & ARITH).toBe(OF | AF | PF);
  });

  it("8-bit high registers and adc use the carry", () => {
    // mov eax,0x0000ff00; stc; adc ah,0 => ah=0, CF=1, ZF
    const { cpu } = runToHlt("b8 00 ff 00 00 f9 80 d4 00");
    expect(cpu.regs[0]).toBe(0);
    expect(cpu.eflags & (CF | ZF)).toBe(CF | ZF);
  });

  it("16-bit operand size keeps the upper half", () => {
    // mov eax,0x1234ffff; add ax,1
    const { cpu } = runToHlt("b8 ff ff 34 12 66 83 c0 01");
    expect(cpu.regs[0] >>> 0).toBe(0x12340000);
    expect(cpu.eflags & (CF | ZF)).toBe(CF | ZF);
  });

  it("inc keeps CF, dec sets OF at the signed boundary", () => {
    // stc; mov ecx,0x80000000; dec ecx
    const { cpu } = runToHlt("f9 b9 00 00 00 80 49");
    expect(cpu.regs[1]).toBe(0x7fffffff);
    expect(cpu.eflags & (CF | OF)).toBe(CF | OF);
  });
});
