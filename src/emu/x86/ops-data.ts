import { regRead, regWrite, signExtend, type Decoder } from "./decode.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Register index of the low opcode bits (for 50+r, b8+r ...). */
const low = (op: number): number => op & 7;

function movImmReg(size: number, reg: number) {
  return (d: Decoder): string => regWrite(size, reg, String(size === 1 ? d.imm8() : d.immv()));
}

/** Operand of a moffs form (a0..a3): linear address of the absolute offset. */
function moffs(d: Decoder): string {
  const offset = d.adsize32 ? String(d.imm32()) : String(d.imm16());
  return d.linear(offset);
}

export function cmovcc(d: Decoder, cc: number): string {
  d.modrm();
  const s = d.opsize;
  return `const v=${d.rmRead(s)};if(c.cond(${cc})){${d.regWrite(s, "v")}}`;
}

function xchgRm(d: Decoder, size: number): string {
  d.modrm();
  if (d.isMem) return `const x=${d.rmRead(size)},y=${d.regRead(size)};${d.rmWrite(size, "y")}${d.regWrite(size, "x")}`;
  return `const x=${d.rmRead(size)},y=${d.regRead(size)};${d.regWrite(size, "x")}${d.rmWrite(size, "y")}`;
}

function lea(d: Decoder): string {
  d.modrm(false);
  if (!d.isMem) d.undefinedOpcode();
  return d.regWrite(d.opsize, d.offset);
}

function movzx(d: Decoder, from: number, signed: boolean): string {
  d.modrm();
  const v = d.rmRead(from);
  return d.regWrite(d.opsize, signed ? signExtend(from, v) : v);
}

function bswap(d: Decoder, reg: number): string {
  if (d.opsize !== 4) d.undefinedOpcode();
  return `const v=r[${reg}];r[${reg}]=(v<<24)|((v&0xff00)<<8)|((v>>>8)&0xff00)|(v>>>24);`;
}

export function installData(t: OpcodeTables): void {
  t.one[0x88] = (d) => { d.modrm(); return d.rmWrite(1, d.regRead(1)); };
  t.one[0x89] = (d) => { d.modrm(); return d.rmWrite(d.opsize, d.regRead(d.opsize)); };
  t.one[0x8a] = (d) => { d.modrm(); return d.regWrite(1, d.rmRead(1)); };
  t.one[0x8b] = (d) => { d.modrm(); return d.regWrite(d.opsize, d.rmRead(d.opsize)); };
  t.one[0x8d] = lea;
  t.one[0xc6] = (d) => {
    d.modrm();
    if (d.reg !== 0) d.undefinedOpcode();
    return d.rmWrite(1, String(d.imm8()));
  };
  t.one[0xc7] = (d) => {
    d.modrm();
    if (d.reg !== 0) d.undefinedOpcode();
    return d.rmWrite(d.opsize, String(d.immv()));
  };
  for (let op = 0xb0; op < 0xb8; op++) t.one[op] = (d) => movImmReg(1, low(op))(d);
  for (let op = 0xb8; op < 0xc0; op++) t.one[op] = (d) => movImmReg(d.opsize, low(op))(d);
  t.one[0xa0] = (d) => regWrite(1, 0, `m.r8(${moffs(d)})`);
  t.one[0xa1] = (d) => regWrite(d.opsize, 0, `m.r${d.opsize * 8}(${moffs(d)})`);
  t.one[0xa2] = (d) => `m.w8(${moffs(d)},r[0]);`;
  t.one[0xa3] = (d) => `m.w${d.opsize * 8}(${moffs(d)},r[0]);`;
  t.one[0x86] = (d) => xchgRm(d, 1);
  t.one[0x87] = (d) => xchgRm(d, d.opsize);
  t.one[0x90] = () => "";
  for (let op = 0x91; op < 0x98; op++) {
    t.one[op] = (d) => {
      const s = d.opsize, i = low(op);
      return `const x=${regRead(s, 0)},y=${regRead(s, i)};${regWrite(s, 0, "y")}${regWrite(s, i, "x")}`;
    };
  }
  t.one[0x98] = (d) => (d.opsize === 4 ? "r[0]=(r[0]<<16)>>16;" : regWrite(2, 0, "(r[0]<<24)>>24"));
  t.one[0x99] = (d) => (d.opsize === 4 ? "r[2]=r[0]>>31;" : regWrite(2, 2, "(r[0]<<16)>>31"));
  t.one[0xd7] = (d) => regWrite(1, 0, `m.r8(${d.linear(d.adsize32 ? "(r[3]+(r[0]&255))|0" : "(r[3]+(r[0]&255))&65535")})`);
  for (let cc = 0; cc < 16; cc++) {
    t.two[0x40 + cc] = (d) => cmovcc(d, cc);
    t.two[0x90 + cc] = (d) => { d.modrm(); return d.rmWrite(1, `c.cond(${cc})?1:0`); };
  }
  t.two[0xb6] = (d) => movzx(d, 1, false);
  t.two[0xb7] = (d) => movzx(d, 2, false);
  t.two[0xbe] = (d) => movzx(d, 1, true);
  t.two[0xbf] = (d) => movzx(d, 2, true);
  for (let op = 0xc8; op < 0xd0; op++) t.two[op] = (d) => bswap(d, low(op));
}
