import { ADD, DEC, INC, LOGIC, MUL, SAR, SHL, SHR, SUB, SZ16, SZ8 } from "./flags.ts";

/**
 * Fast evaluation of condition codes in generated code. The block compiler knows which
 * lazy operation most probably produced the flags (the last one recorded earlier in the
 * block); the code tests that guess at run time and falls back to the generic evaluation,
 * so a wrong guess only costs speed.
 */
const SUB_CONDITIONS: Record<number, string> = {
  2: "(c.fa>>>0)<(c.fb>>>0)", 3: "(c.fa>>>0)>=(c.fb>>>0)", 4: "c.fa===c.fb", 5: "c.fa!==c.fb",
  6: "(c.fa>>>0)<=(c.fb>>>0)", 7: "(c.fa>>>0)>(c.fb>>>0)", 8: "c.fr<0", 9: "c.fr>=0",
  12: "c.fa<c.fb", 13: "c.fa>=c.fb", 14: "c.fa<=c.fb", 15: "c.fa>c.fb",
};

const LOGIC_CONDITIONS: Record<number, string> = {
  0: "false", 1: "true", 2: "false", 3: "true", 4: "c.fr===0", 5: "c.fr!==0", 6: "c.fr===0",
  7: "c.fr!==0", 8: "c.fr<0", 9: "c.fr>=0", 12: "c.fr<0", 13: "c.fr>=0", 14: "c.fr<=0", 15: "c.fr>0",
};

/** ZF and SF only: valid for every 32-bit lazy kind (fr holds the int32 result). */
const RESULT_CONDITIONS: Record<number, string> = { 4: "c.fr===0", 5: "c.fr!==0", 8: "c.fr<0", 9: "c.fr>=0" };

/** 8- and 16-bit producers: operands are unsigned operand-size values, fr unmasked. */
function narrowExpression(cc: number, kind: number, bits: number): string | undefined {
  const mask = bits === 8 ? 255 : 65535, sign = bits === 8 ? 128 : 32768;
  const zf = `((c.fr&${mask})===0)`, sf = `((c.fr&${sign})!==0)`;
  if (kind === LOGIC) {
    const table: Record<number, string> = {
      2: "false", 3: "true", 4: zf, 5: `!${zf}`, 6: zf, 7: `!${zf}`, 8: sf, 9: `!${sf}`,
      12: sf, 13: `!${sf}`, 14: `(${zf}||${sf})`, 15: `!(${zf}||${sf})`,
    };
    return table[cc];
  }
  if (kind === SUB) {
    const table: Record<number, string> = {
      2: "c.fa<c.fb", 3: "c.fa>=c.fb", 4: "c.fa===c.fb", 5: "c.fa!==c.fb", 6: "c.fa<=c.fb", 7: "c.fa>c.fb",
    };
    return table[cc];
  }
  return undefined;
}

function fastExpression(cc: number, fop: number): string | undefined {
  if (fop === (SUB | SZ8)) return narrowExpression(cc, SUB, 8);
  if (fop === (SUB | SZ16)) return narrowExpression(cc, SUB, 16);
  if (fop === (LOGIC | SZ8)) return narrowExpression(cc, LOGIC, 8);
  if (fop === (LOGIC | SZ16)) return narrowExpression(cc, LOGIC, 16);
  if (fop === SUB) return SUB_CONDITIONS[cc];
  if (fop === LOGIC) return LOGIC_CONDITIONS[cc];
  if ([ADD, INC, DEC, SHL, SHR, SAR, MUL].includes(fop)) return RESULT_CONDITIONS[cc];
  return undefined;
}

/** Code for condition `cc` given the guessed producer `fop` (-1: unknown). */
function conditionCode(cc: number, fop: number): string {
  const fast = fop < 0 ? undefined : fastExpression(cc, fop);
  return fast === undefined ? `c.cond(${cc})` : `(c.fop===${fop}?(${fast}):c.cond(${cc}))`;
}

const COND_CALL = /c\.cond\((\d+)\)/g;
const FOP_STORE = /c\.fop=(\d+);/g;

/** Rewrites generic condition calls in an instruction body for the guessed producer. */
export function specialiseConditions(body: string, fop: number): string {
  return fop < 0 ? body : body.replace(COND_CALL, (_m, cc: string) => conditionCode(Number(cc), fop));
}

/** The flag producer an instruction body leaves, or `previous` if it records none. */
export function producerAfter(body: string, previous: number): number {
  let last = previous;
  for (const match of body.matchAll(FOP_STORE)) last = Number(match[1]);
  if (/c\.set(Arith|Flags)\(|h\.(shift|mul|imul|bcd|aam|aad)/.test(body)) return -1;
  return last;
}
