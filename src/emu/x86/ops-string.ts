import type { Decoder } from "./decode.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Source segment base expression (DS unless overridden; only FS/GS bases are non-zero). */
const srcBase = (d: Decoder): string => (d.seg === 4 || d.seg === 5 ? `c.segBase[${d.seg}]` : "0");

function stringOp(d: Decoder, name: string, size: number, hasSource: boolean): string {
  if (!d.adsize32) d.undefinedOpcode();
  return `h.${name}(c,r,m,${size},${d.rep}${hasSource ? `,${srcBase(d)}` : ""});`;
}

export function installString(t: OpcodeTables): void {
  const ops: [number, string, boolean][] = [
    [0xa4, "movs", true], [0xa6, "cmps", true], [0xaa, "stos", false], [0xac, "lods", true], [0xae, "scas", false],
  ];
  for (const [op, name, src] of ops) {
    t.one[op] = (d) => stringOp(d, name, 1, src);
    t.one[op + 1] = (d) => stringOp(d, name, d.opsize, src);
  }
}
