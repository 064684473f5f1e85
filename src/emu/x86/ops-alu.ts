import type { Decoder } from "./decode.ts";
import { ADC, ADD, DEC, INC, LOGIC, SBB, SUB, sizeCode } from "./flags.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** The eight group-1 operations in encoding order. */
const enum Alu { Add, Or, Adc, Sbb, And, Sub, Xor, Cmp }

/**
 * Code for `dst = x op y` with lazy flags. `write` stores the result (nothing for cmp).
 * Flags are recorded after the store so that a faulting store leaves them untouched.
 */
function aluCode(op: number, size: number, x: string, y: string, write: (v: string) => string): string {
  const sz = sizeCode(size);
  const head = `const x=${x},y=${y};`;
  switch (op as Alu) {
    case Alu.Add:
      return `${head}const s=(x+y)|0;${write("s")}c.fop=${ADD | sz};c.fa=x;c.fb=y;c.fr=s;`;
    case Alu.Adc:
      return `${head}const ci=c.cf();const s=(x+y+ci)|0;${write("s")}c.fop=${ADC | sz};c.fa=x;c.fb=y;c.fr=s;c.fcin=ci;`;
    case Alu.Sub:
      return `${head}const s=(x-y)|0;${write("s")}c.fop=${SUB | sz};c.fa=x;c.fb=y;c.fr=s;`;
    case Alu.Cmp:
      return `${head}c.fop=${SUB | sz};c.fa=x;c.fb=y;c.fr=(x-y)|0;`;
    case Alu.Sbb:
      return `${head}const ci=c.cf();const s=(x-y-ci)|0;${write("s")}c.fop=${SBB | sz};c.fa=x;c.fb=y;c.fr=s;c.fcin=ci;`;
    default: {
      const sym = op === Alu.Or ? "|" : op === Alu.And ? "&" : "^";
      return `${head}const s=x${sym}y;${write("s")}c.fop=${LOGIC | sz};c.fr=s;`;
    }
  }
}

function immediate(d: Decoder, size: number, signExtended8: boolean): string {
  const v = signExtended8 ? d.imm8s() : size === 1 ? d.imm8() : d.immv();
  return String(size === 4 ? v | 0 : v & (size === 2 ? 0xffff : 0xff));
}

function incDec(size: number, x: string, write: (v: string) => string, dec: boolean): string {
  const kind = dec ? DEC : INC;
  return `const ci=c.cf();const x=${x};const s=(x${dec ? "-" : "+"}1)|0;${write("s")}`
    + `c.fop=${kind | sizeCode(size)};c.fa=x;c.fb=1;c.fr=s;c.fcin=ci;`;
}

export function incDecRm(d: Decoder, size: number, dec: boolean): string {
  return incDec(size, d.rmRead(size), (v) => d.rmWrite(size, v), dec);
}

export function testCode(size: number, x: string, y: string): string {
  return `c.fop=${LOGIC | sizeCode(size)};c.fr=(${x})&(${y});`;
}

export function notRm(d: Decoder, size: number): string {
  return d.rmWrite(size, `~${d.rmRead(size)}`);
}

export function negRm(d: Decoder, size: number): string {
  return `const x=${d.rmRead(size)};const s=(0-x)|0;${d.rmWrite(size, "s")}`
    + `c.fop=${SUB | sizeCode(size)};c.fa=0;c.fb=x;c.fr=s;`;
}

export function installAlu(t: OpcodeTables): void {
  for (let op = 0; op < 8; op++) {
    const base = op << 3;
    t.one[base] = (d) => { d.modrm(); return aluCode(op, 1, d.rmRead(1), d.regRead(1), (v) => d.rmWrite(1, v)); };
    t.one[base + 1] = (d) => {
      d.modrm();
      return aluCode(op, d.opsize, d.rmRead(d.opsize), d.regRead(d.opsize), (v) => d.rmWrite(d.opsize, v));
    };
    t.one[base + 2] = (d) => { d.modrm(); return aluCode(op, 1, d.regRead(1), d.rmRead(1), (v) => d.regWrite(1, v)); };
    t.one[base + 3] = (d) => {
      d.modrm();
      return aluCode(op, d.opsize, d.regRead(d.opsize), d.rmRead(d.opsize), (v) => d.regWrite(d.opsize, v));
    };
    t.one[base + 4] = (d) => aluCode(op, 1, "(r[0]&255)", immediate(d, 1, false), (v) => `r[0]=(r[0]&-256)|((${v})&255);`);
    t.one[base + 5] = (d) => {
      const s = d.opsize;
      const acc = s === 4 ? "r[0]" : "(r[0]&65535)";
      return aluCode(op, s, acc, immediate(d, s, false),
        (v) => (s === 4 ? `r[0]=${v};` : `r[0]=(r[0]&-65536)|((${v})&65535);`));
    };
  }
  const group1 = (size: (d: Decoder) => number, sx: boolean) => (d: Decoder): string => {
    d.modrm();
    const s = size(d);
    const y = immediate(d, s, sx);
    return aluCode(d.reg, s, d.rmRead(s), y, (v) => d.rmWrite(s, v));
  };
  t.one[0x80] = group1(() => 1, false);
  t.one[0x81] = group1((d) => d.opsize, false);
  t.one[0x82] = group1(() => 1, false);
  t.one[0x83] = group1((d) => d.opsize, true);
  for (let i = 0; i < 8; i++) {
    t.one[0x40 + i] = (d) => incDec(d.opsize, d.opsize === 4 ? `r[${i}]` : `(r[${i}]&65535)`,
      (v) => (d.opsize === 4 ? `r[${i}]=${v};` : `r[${i}]=(r[${i}]&-65536)|((${v})&65535);`), false);
    t.one[0x48 + i] = (d) => incDec(d.opsize, d.opsize === 4 ? `r[${i}]` : `(r[${i}]&65535)`,
      (v) => (d.opsize === 4 ? `r[${i}]=${v};` : `r[${i}]=(r[${i}]&-65536)|((${v})&65535);`), true);
  }
  t.one[0x84] = (d) => { d.modrm(); return testCode(1, d.rmRead(1), d.regRead(1)); };
  t.one[0x85] = (d) => { d.modrm(); return testCode(d.opsize, d.rmRead(d.opsize), d.regRead(d.opsize)); };
  t.one[0xa8] = (d) => testCode(1, "r[0]", String(d.imm8()));
  t.one[0xa9] = (d) => testCode(d.opsize, "r[0]", String(d.immv()));
  t.one[0xfe] = (d) => {
    d.modrm();
    if (d.reg > 1) d.undefinedOpcode();
    return incDecRm(d, 1, d.reg === 1);
  };
}
