import type { Decoder } from "./decode.ts";
import { SAR, SHL, SHR } from "./flags.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Inline 32-bit shl/shr/sar with lazily evaluated flags (the common case). */
const INLINE_SHIFTS: Record<number, [string, number]> = { 4: ["<<", SHL], 5: [">>>", SHR], 6: ["<<", SHL], 7: [">>", SAR] };

function inlineShift(d: Decoder, n: string): string {
  const [op, kind] = INLINE_SHIFTS[d.reg];
  const body = `const x=${d.rmRead(4)};const s=(x${op}n)|0;${d.rmWrite(4, "s")}c.fop=${kind};c.fa=x;c.fb=n;c.fr=s;`;
  return /^\d+$/.test(n) ? `const n=${n};${body}` : `const n=${n};if(n!==0){${body}}`;
}

/** Group 2 (c0, c1, d0..d3): rol ror rcl rcr shl shr sal sar; a zero count changes nothing. */
function group2(d: Decoder, size: number, count: "imm" | "one" | "cl"): string {
  d.modrm();
  const n = count === "imm" ? String(d.imm8() & 31) : count === "one" ? "1" : "(r[1]&31)";
  if (size === 4 && INLINE_SHIFTS[d.reg] !== undefined && n !== "0") return inlineShift(d, n);
  const x = d.rmRead(size);
  return `const n=${n};if(n!==0){${d.writeCheck(size)}const v=h.shift(c,${d.reg},${size * 8},${x}>>>0,n);${d.rmWrite(size, "v")}}`;
}

function shiftDouble(d: Decoder, left: boolean, byCl: boolean): string {
  d.modrm();
  const s = d.opsize;
  const n = byCl ? "(r[1]&31)" : String(d.imm8() & 31);
  return `const n=${n};if(n!==0){${d.writeCheck(s)}`
    + `const v=h.shiftDouble(c,${left},${s * 8},${d.rmRead(s)}>>>0,${d.regRead(s)}>>>0,n);${d.rmWrite(s, "v")}}`;
}

export function installShift(t: OpcodeTables): void {
  t.one[0xc0] = (d) => group2(d, 1, "imm");
  t.one[0xc1] = (d) => group2(d, d.opsize, "imm");
  t.one[0xd0] = (d) => group2(d, 1, "one");
  t.one[0xd1] = (d) => group2(d, d.opsize, "one");
  t.one[0xd2] = (d) => group2(d, 1, "cl");
  t.one[0xd3] = (d) => group2(d, d.opsize, "cl");
  t.two[0xa4] = (d) => shiftDouble(d, true, false);
  t.two[0xa5] = (d) => shiftDouble(d, true, true);
  t.two[0xac] = (d) => shiftDouble(d, false, false);
  t.two[0xad] = (d) => shiftDouble(d, false, true);
}
