import type { Decoder } from "./decode.ts";
import { incDecRm } from "./ops-alu.ts";
import type { OpcodeTables } from "./opcode-table.ts";
import { push } from "./ops-stack.ts";
import { TRAP_HLT, TRAP_INT, TRAP_SYSENTER } from "./traps.ts";

/**
 * Control transfers. Near branches with a 16-bit operand size (66 prefix) truncate EIP on
 * hardware; compilers never emit them, so they are reported as #UD rather than emulated.
 */
function near(d: Decoder): void {
  if (d.opsize !== 4) d.undefinedOpcode();
  d.ends = true;
}

const target = (d: Decoder, rel: number): number => (d.next + rel) >>> 0;

function jcc(d: Decoder, cc: number, rel: number): string {
  near(d);
  d.branch = { condition: `c.cond(${cc})`, taken: target(d, rel), fallThrough: d.next };
  return `c.eip=c.cond(${cc})?${target(d, rel)}:${d.next};`;
}

function jmp(d: Decoder, rel: number): string {
  near(d);
  d.branch = { condition: "true", taken: target(d, rel), fallThrough: d.next };
  return `c.eip=${target(d, rel)};`;
}

function call(d: Decoder): string {
  const rel = d.imm32();
  near(d);
  return `${push(4, String(d.next))}c.eip=${target(d, rel)};`;
}

function ret(d: Decoder, release: number): string {
  near(d);
  return `const t=m.r32(r[4]);r[4]=(r[4]+${4 + release})|0;c.eip=t>>>0;`;
}

/** loop/loope/loopne/jecxz with ECX (or CX under a 67 prefix). */
function loop(d: Decoder, kind: number): string {
  const rel = d.imm8s();
  near(d);
  const cx = d.adsize32 ? "r[1]" : "(r[1]&65535)";
  const dec = d.adsize32 ? "r[1]=(r[1]-1)|0;" : "r[1]=(r[1]&-65536)|((r[1]-1)&65535);";
  const t = target(d, rel), n = d.next;
  switch (kind) {
    case 0: return `${dec}c.eip=(${cx}!==0&&!c.zf())?${t}:${n};`;
    case 1: return `${dec}c.eip=(${cx}!==0&&c.zf())?${t}:${n};`;
    case 2: return `${dec}c.eip=${cx}!==0?${t}:${n};`;
    default: return `c.eip=${cx}===0?${t}:${n};`;
  }
}

function trap(d: Decoder, kind: number, vector: number): string {
  d.ends = true;
  return `c.eip=${d.next};c.trapKind=${kind};c.trapVector=${vector};`;
}

function group5(d: Decoder): string {
  d.modrm();
  const s = d.opsize;
  switch (d.reg) {
    case 0: return incDecRm(d, s, false);
    case 1: return incDecRm(d, s, true);
    case 2: {
      near(d);
      return `const t=${d.rmRead(4)};${push(4, String(d.next))}c.eip=t>>>0;`;
    }
    case 4:
      near(d);
      return `c.eip=${d.rmRead(4)}>>>0;`;
    case 6: return push(s, d.rmRead(s));
    default: return d.undefinedOpcode();
  }
}

export function installControl(t: OpcodeTables): void {
  for (let cc = 0; cc < 16; cc++) {
    t.one[0x70 + cc] = (d) => jcc(d, cc, d.imm8s());
    t.two[0x80 + cc] = (d) => jcc(d, cc, d.imm32());
  }
  t.one[0xe8] = call;
  t.one[0xe9] = (d) => jmp(d, d.imm32());
  t.one[0xeb] = (d) => jmp(d, d.imm8s());
  t.one[0xc3] = (d) => ret(d, 0);
  t.one[0xc2] = (d) => ret(d, d.imm16());
  for (let k = 0; k < 4; k++) t.one[0xe0 + k] = (d) => loop(d, k);
  t.one[0xff] = group5;
  t.one[0xcc] = (d) => trap(d, TRAP_INT, 3);
  t.one[0xcd] = (d) => { const v = d.imm8(); return trap(d, TRAP_INT, v); };
  t.one[0xf1] = (d) => trap(d, TRAP_INT, 1);
  t.one[0xce] = (d) => {
    d.ends = true;
    return `c.eip=${d.next};if(c.of()){c.trapKind=${TRAP_INT};c.trapVector=4;}`;
  };
  t.one[0xf4] = (d) => trap(d, TRAP_HLT, 0);
  t.two[0x34] = (d) => trap(d, TRAP_SYSENTER, 0);
}
