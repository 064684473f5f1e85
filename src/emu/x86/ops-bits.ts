import type { Decoder } from "./decode.ts";
import { ADD, CF, SUB, ZF, sizeCode } from "./flags.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/**
 * bt/bts/btr/btc: CF = the selected bit; OF, SF, AF, PF undefined (unchanged here), ZF
 * unchanged. With a register bit offset and a memory operand, the offset is signed and
 * selects memory beyond the operand (Intel SDM, "bit base" addressing).
 */
function bitTest(d: Decoder, action: number, immediate: boolean): string {
  d.modrm();
  const s = d.opsize, bits = s * 8;
  const offset = immediate ? String(d.imm8()) : d.regRead(s);
  const update = ["", "|", "&~", "^"][action];
  if (!d.isMem || immediate) {
    const bit = `((${offset})&${bits - 1})`;
    const write = action === 0 ? "" : d.rmWrite(s, `x${update}(1<<b)`);
    return `const b=${bit};const x=${d.rmRead(s)};${write}c.setArith((x>>>b)&1,${CF});`;
  }
  const signed = s === 2 ? `((${offset})<<16>>16)` : `(${offset})`;
  const read = `m.r${bits}(e)`;
  const write = action === 0 ? "" : `m.w${bits}(e,x${update}(1<<b));`;
  return `const o=${signed};const e=(a+((o>>${s === 2 ? 4 : 5})*${s}))|0;const b=o&${bits - 1};`
    + `const x=${read};${write}c.setArith((x>>>b)&1,${CF});`;
}

/** bsf/bsr (also tzcnt/lzcnt encodings, which execute as bsf/bsr on CPUs without BMI/ABM). */
function bitScan(d: Decoder, reverse: boolean): string {
  d.modrm();
  const s = d.opsize;
  const index = reverse ? "31-Math.clz32(x)" : "31-Math.clz32(x&-x)";
  return `const x=${d.rmRead(s)};if(x===0){c.setArith(${ZF},${ZF});}else{${d.regWrite(s, index)}c.setArith(0,${ZF});}`;
}

function cmpxchg(d: Decoder, size: number): string {
  d.modrm();
  const acc = size === 4 ? "r[0]" : size === 2 ? "(r[0]&65535)" : "(r[0]&255)";
  const accWrite = size === 4 ? "r[0]=y;" : size === 2 ? "r[0]=(r[0]&-65536)|y;" : "r[0]=(r[0]&-256)|y;";
  const keep = d.isMem ? d.rmWrite(size, "y") : "";
  return `const x=${acc},y=${d.rmRead(size)};if(x===y){${d.rmWrite(size, d.regRead(size))}}else{${keep}${accWrite}}`
    + `c.fop=${SUB | sizeCode(size)};c.fa=x;c.fb=y;c.fr=(x-y)|0;`;
}

function xadd(d: Decoder, size: number): string {
  d.modrm();
  const head = `const x=${d.rmRead(size)},y=${d.regRead(size)};const s=(x+y)|0;`;
  const writes = d.isMem ? `${d.rmWrite(size, "s")}${d.regWrite(size, "x")}` : `${d.regWrite(size, "x")}${d.rmWrite(size, "s")}`;
  return `${head}${writes}c.fop=${ADD | sizeCode(size)};c.fa=x;c.fb=y;c.fr=s;`;
}

function cmpxchg8b(d: Decoder): string {
  d.modrm();
  if (!d.isMem || d.reg !== 1) d.undefinedOpcode();
  return "const lo=m.r32(a),hi=m.r32((a+4)|0);m.checkWrite(a,8);"
    + "if(lo===r[0]&&hi===r[2]){m.w32(a,r[3]);m.w32((a+4)|0,r[1]);c.setArith(64,64);}"
    + "else{m.w32(a,lo);m.w32((a+4)|0,hi);r[0]=lo;r[2]=hi;c.setArith(0,64);}";
}

export function installBits(t: OpcodeTables): void {
  t.two[0xa3] = (d) => bitTest(d, 0, false);
  t.two[0xab] = (d) => bitTest(d, 1, false);
  t.two[0xb3] = (d) => bitTest(d, 2, false);
  t.two[0xbb] = (d) => bitTest(d, 3, false);
  t.two[0xba] = (d) => {
    d.modrm();
    if (d.reg < 4) d.undefinedOpcode();
    return bitTest(d, d.reg - 4, true);
  };
  t.two[0xbc] = (d) => bitScan(d, false);
  t.two[0xbd] = (d) => bitScan(d, true);
  t.two[0xb0] = (d) => cmpxchg(d, 1);
  t.two[0xb1] = (d) => cmpxchg(d, d.opsize);
  t.two[0xc0] = (d) => xadd(d, 1);
  t.two[0xc1] = (d) => xadd(d, d.opsize);
  t.two[0xc7] = cmpxchg8b;
}
