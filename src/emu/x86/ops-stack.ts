import { regRead, regWrite, type Decoder } from "./decode.ts";
import { USER_WRITABLE_FLAGS } from "./flags.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Code pushing `value` (an expression evaluated before ESP changes). */
export function push(size: number, value: string): string {
  return `{const v=${value};const sp=(r[4]-${size})|0;m.w${size * 8}(sp,v);r[4]=sp;}`;
}

/** Code popping into the constant `name`; ESP is updated by `popCommit`. */
function popValue(size: number, name: string): string {
  return `const ${name}=m.r${size * 8}(r[4]);`;
}

const popCommit = (size: number): string => `r[4]=(r[4]+${size})|0;`;

function popReg(size: number, reg: number): string {
  return `${popValue(size, "v")}${popCommit(size)}${regWrite(size, reg, "v")}`;
}

/** pop r/m: the address is computed after ESP is incremented (Intel SDM, POP). */
function popRm(d: Decoder): string {
  const s = d.opsize;
  d.modrm(false);
  if (d.reg !== 0) d.undefinedOpcode();
  if (!d.isMem) return popReg(s, d.rm);
  return `${popValue(s, "v")}const sp=r[4];r[4]=(sp+${s})|0;`
    + `try{m.w${s * 8}(${d.linear(d.offset)},v);}catch(e){r[4]=sp;throw e;}`;
}

function pusha(d: Decoder): string {
  const s = d.opsize;
  let code = `m.checkWrite((r[4]-${8 * s})|0,${8 * s});const t=r[4];`;
  for (let i = 0; i < 8; i++) code += `m.w${s * 8}((t-${(i + 1) * s})|0,${i === 4 ? "t" : `r[${i}]`});`;
  return `${code}r[4]=(t-${8 * s})|0;`;
}

function popa(d: Decoder): string {
  const s = d.opsize;
  let code = "const t=r[4];";
  for (let i = 0; i < 8; i++) code += `const v${i}=m.r${s * 8}((t+${(7 - i) * s})|0);`;
  for (let i = 0; i < 8; i++) if (i !== 4) code += regWrite(s, i, `v${i}`);
  return `${code}r[4]=(t+${8 * s})|0;`;
}

function pushSeg(d: Decoder, seg: number): string {
  if (d.opsize === 2) return push(2, `c.segSelector[${seg}]`);
  return `{const sp=(r[4]-4)|0;m.checkWrite(sp,4);m.w16(sp,c.segSelector[${seg}]);r[4]=sp;}`;
}

function popSeg(d: Decoder, seg: number): string {
  const s = d.opsize;
  return `${popValue(s, "v")}c.loadSegment(${seg},v&65535);${popCommit(s)}`;
}

function popf(d: Decoder): string {
  const s = d.opsize;
  const mask = s === 4 ? USER_WRITABLE_FLAGS : USER_WRITABLE_FLAGS & 0xffff;
  return `${popValue(s, "v")}${popCommit(s)}c.setFlags((c.getFlags()&${~mask})|(v&${mask}));`;
}

function enter(d: Decoder): string {
  const size = d.imm16(), level = d.imm8() & 31;
  if (d.opsize !== 4) d.undefinedOpcode();
  return `h.enter(r,m,${size},${level});`;
}

function leave(d: Decoder): string {
  const s = d.opsize;
  return `const v=m.r${s * 8}(r[5]);r[4]=(r[5]+${s})|0;${regWrite(s, 5, "v")}`;
}

export function installStack(t: OpcodeTables): void {
  for (let i = 0; i < 8; i++) {
    t.one[0x50 + i] = (d) => push(d.opsize, regRead(d.opsize, i));
    t.one[0x58 + i] = (d) => popReg(d.opsize, i);
  }
  t.one[0x68] = (d) => push(d.opsize, String(d.immv()));
  t.one[0x6a] = (d) => push(d.opsize, String(d.opsize === 4 ? d.imm8s() : d.imm8s() & 0xffff));
  t.one[0x8f] = popRm;
  t.one[0x60] = pusha;
  t.one[0x61] = popa;
  t.one[0x9c] = (d) => push(d.opsize, "c.getFlags()&0xfcffff");
  t.one[0x9d] = popf;
  t.one[0xc8] = enter;
  t.one[0xc9] = leave;
  const segPush: [number, number][] = [[0x06, 0], [0x0e, 1], [0x16, 2], [0x1e, 3]];
  for (const [op, seg] of segPush) t.one[op] = (d) => pushSeg(d, seg);
  const segPop: [number, number][] = [[0x07, 0], [0x17, 2], [0x1f, 3]];
  for (const [op, seg] of segPop) t.one[op] = (d) => popSeg(d, seg);
  t.two[0xa0] = (d) => pushSeg(d, 4);
  t.two[0xa1] = (d) => popSeg(d, 4);
  t.two[0xa8] = (d) => pushSeg(d, 5);
  t.two[0xa9] = (d) => popSeg(d, 5);
}
