import { describe, expect, it } from "vitest";
import { X86Core } from "../../../src/emu/x86/index.ts";

/**
 * The block compiler's optimisations (guessed-producer condition codes, dead flag
 * elimination, loops) must not change results: random instruction sequences run as whole
 * blocks and single-stepped (one-instruction blocks, no cross-instruction optimisation)
 * must end in the same state.
 */
let seed = 2024;
const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };

/** One random flag-producing or flag-consuming instruction (register operands only). */
function randomInstruction(): number[] {
  const modrm = 0xc0 | (rnd(8) << 3) | rnd(8);
  const regNotEsp = (): number => [0, 1, 2, 3, 5, 6, 7][rnd(7)];
  switch (rnd(12)) {
    case 0: return [rnd(8) << 3 | 0, modrm];                        // alu r/m8, r8
    case 1: return [rnd(8) << 3 | 1, 0xc0 | (rnd(8) << 3) | regNotEsp()]; // alu r/m32, r32
    case 2: return [0x66, rnd(8) << 3 | 1, 0xc0 | (rnd(8) << 3) | regNotEsp()]; // alu r/m16
    case 3: return [0x80, modrm, rnd(256)];                          // alu r/m8, imm8
    case 4: return [0x0f, 0x90 | rnd(16), 0xc0 | rnd(8)];            // setcc r8
    case 5: return [0x0f, 0x40 | rnd(16), 0xc0 | (regNotEsp() << 3) | regNotEsp()]; // cmovcc
    case 6: return [0x84, modrm];                                    // test r/m8, r8
    case 7: return [0x40 | regNotEsp()];                             // inc r32
    case 8: return [0x48 | regNotEsp()];                             // dec r32
    case 9: return [0xc1, 0xe0 | (rnd(4) === 0 ? 7 : rnd(2) * 8) | regNotEsp(), rnd(32)]; // shl/shr/sar
    case 10: return [0x38 | rnd(2), modrm];                          // cmp
    default: return [0x66, 0x85, 0xc0 | (rnd(8) << 3) | regNotEsp()]; // test r/m16
  }
}

function runBoth(code: number[]): [X86Core, X86Core] {
  const cores = [0, 1].map(() => {
    const mem = { u8: new Uint8Array(1 << 16) };
    mem.u8.set([...code, 0xf4], 0x1000);
    const cpu = new X86Core(mem);
    cpu.eip = 0x1000;
    return cpu;
  });
  const init = Array.from({ length: 8 }, () => (rnd(2) ? rnd(256) : rnd(0x7fffffff)) * (rnd(2) ? 1 : -1));
  const flags = rnd(2) ? 0x202 : 0x2d7;
  for (const cpu of cores) {
    cpu.regs.set(init);
    cpu.regs[4] = 0x8000;
    cpu.eflags = flags;
  }
  cores[0].run(10_000);
  while (cores[1].run(1).kind === "budget");
  return [cores[0], cores[1]];
}

describe("block compiler optimisations keep results", () => {
  it("random flag sequences: whole blocks equal single steps", () => {
    for (let t = 0; t < 400; t++) {
      const code = Array.from({ length: 12 }, randomInstruction).flat();
      const [block, stepped] = runBoth(code);
      expect(Array.from(block.regs), `code ${code.map((b) => b.toString(16)).join(" ")}`).toEqual(Array.from(stepped.regs));
      expect(block.eflags & 0x8d5).toBe(stepped.eflags & 0x8d5);
    }
  });

  it("a loop block stops exactly at the budget and resumes", () => {
    // mov ecx,1000; xor eax,eax; l: add eax,ecx; dec ecx; jnz l; hlt
    const code = [0xb9, 0xe8, 0x03, 0, 0, 0x31, 0xc0, 0x01, 0xc8, 0x49, 0x75, 0xfb, 0xf4];
    const mem = { u8: new Uint8Array(1 << 16) };
    mem.u8.set(code, 0x1000);
    const cpu = new X86Core(mem);
    cpu.eip = 0x1000;
    expect(cpu.run(302)).toEqual({ kind: "budget", executed: 302 });
    expect(cpu.regs[1]).toBe(1000 - 100);
    expect(cpu.run(1e6)).toEqual({ kind: "hlt", executed: 2 + 3000 - 302 + 1 });
    expect(cpu.regs[0]).toBe(500500);
  });
});
