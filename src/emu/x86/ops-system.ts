import type { Decoder } from "./decode.ts";
import { AF, CF, PF, SF, ZF } from "./flags.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Instructions that fault at CPL 3 with IOPL 0 (I/O, cli/sti) or are privileged. */
const gp0 = (): string => "throw h.gp(0);";

/** Hint instructions with a ModRM operand that do nothing here (nop Ev, prefetch). */
function hintNop(d: Decoder): string {
  d.modrm(false);
  return "";
}

function movFromSeg(d: Decoder): string {
  d.modrm();
  if (d.reg > 5) d.undefinedOpcode();
  const sel = `c.segSelector[${d.reg}]`;
  return d.isMem ? d.rmWrite(2, sel) : d.rmWrite(d.opsize, sel);
}

function movToSeg(d: Decoder): string {
  d.modrm();
  if (d.reg > 5 || d.reg === 1) d.undefinedOpcode();
  return `c.loadSegment(${d.reg},${d.rmRead(2)});`;
}

function sahf(): string {
  const mask = SF | ZF | AF | PF | CF;
  return `c.setArith((r[0]>>8)&${mask},${mask});`;
}

function group15(d: Decoder): string {
  d.modrm();
  if (!d.isMem) {
    if (d.reg >= 5) return "";
    d.undefinedOpcode();
  }
  switch (d.reg) {
    case 0: return "h.fxsave(c,m,a);";
    case 1: return "h.fxrstor(c,m,a);";
    case 2: return "h.ldmxcsr(c,m.r32(a));";
    case 3: return "m.w32(a,c.mxcsr);";
    case 7: return "m.r8(a);";
    default: return d.undefinedOpcode();
  }
}

/** BCD adjustments (Intel SDM pseudo-code); undefined flags get the values shown. */
function bcd(op: number): string {
  return `h.bcd(c,r,${op});`;
}

export function installSystem(t: OpcodeTables): void {
  for (const op of [0x6c, 0x6d, 0x6e, 0x6f, 0xe4, 0xe5, 0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef, 0xfa, 0xfb]) t.one[op] = gp0;
  for (const op of [0x06, 0x08, 0x09, 0x20, 0x21, 0x22, 0x23, 0x30, 0x32, 0x33, 0x35]) t.two[op] = gp0;
  t.one[0xf5] = () => "c.setArith(c.cf()^1," + CF + ");";
  t.one[0xf8] = () => `c.setArith(0,${CF});`;
  t.one[0xf9] = () => `c.setArith(${CF},${CF});`;
  t.one[0xfc] = () => "c.flagBits&=~0x400;";
  t.one[0xfd] = () => "c.flagBits|=0x400;";
  t.one[0x9e] = sahf;
  t.one[0x9f] = () => "r[0]=(r[0]&-65281)|(((c.getFlags()&0xd5)|2)<<8);";
  t.one[0x9b] = () => "";
  t.one[0xd6] = () => "r[0]=(r[0]&-256)|(c.cf()?255:0);";
  t.one[0x8c] = movFromSeg;
  t.one[0x8e] = movToSeg;
  for (const op of [0x27, 0x2f, 0x37, 0x3f]) t.one[op] = () => bcd(op);
  t.one[0xd4] = (d) => { const base = d.imm8(); return `if(${base}===0)throw h.de();h.aam(c,r,${base});`; };
  t.one[0xd5] = (d) => `h.aad(c,r,${d.imm8()});`;
  t.two[0xa2] = () => "h.cpuid(r);";
  t.two[0x31] = () => "h.rdtsc(c,r);";
  t.two[0x0d] = hintNop;
  for (let op = 0x18; op <= 0x1f; op++) t.two[op] = hintNop;
  t.two[0xae] = group15;
  t.two[0x0b] = (d) => d.undefinedOpcode();
}
