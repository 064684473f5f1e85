import type { Decoder } from "./decode.ts";
import { MUL } from "./flags.ts";
import { negRm, notRm, testCode } from "./ops-alu.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Group 3 (f6, f7): test, not, neg, mul, imul, div, idiv. */
function group3(d: Decoder, size: number): string {
  d.modrm();
  const bits = size * 8;
  switch (d.reg) {
    case 0: case 1: return testCode(size, d.rmRead(size), String(size === 1 ? d.imm8() : d.immv()));
    case 2: return notRm(d, size);
    case 3: return negRm(d, size);
    case 4: return `h.mul(c,r,${bits},${d.rmRead(size)},false);`;
    case 5: return `h.mul(c,r,${bits},${d.rmRead(size)},true);`;
    case 6: return `h.div(r,${bits},${d.rmRead(size)},false);`;
    default: return `h.div(r,${bits},${d.rmRead(size)},true);`;
  }
}

function imulForm(d: Decoder, imm: "none" | "byte" | "full"): string {
  d.modrm();
  const s = d.opsize;
  const b = imm === "none" ? d.regRead(s) : String(imm === "byte" ? d.imm8s() : d.immv());
  if (s === 4) {
    return `const x=${d.rmRead(4)},y=${b};const lo=Math.imul(x,y);${d.regWrite(4, "lo")}`
      + `c.fop=${MUL};c.fr=lo;c.fcin=x*y!==lo?1:0;`;
  }
  return d.regWrite(s, `h.imul(c,${s * 8},${d.rmRead(s)},${b})`);
}

export function installMulDiv(t: OpcodeTables): void {
  t.one[0xf6] = (d) => group3(d, 1);
  t.one[0xf7] = (d) => group3(d, d.opsize);
  t.two[0xaf] = (d) => imulForm(d, "none");
  t.one[0x69] = (d) => imulForm(d, "full");
  t.one[0x6b] = (d) => imulForm(d, "byte");
}
