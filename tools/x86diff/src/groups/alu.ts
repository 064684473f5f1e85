import type { CaseBuilder } from "../builder.ts";
import { hex } from "../builder.ts";
import { AF, width, type Group } from "./group.ts";

const ARITH = ["add", "adc", "sub", "sbb", "cmp"] as const;
const LOGIC = ["and", "or", "xor", "test"] as const;
const UNARY = ["inc", "dec", "neg", "not"] as const;

/**
 * One two-operand ALU instruction in a random form (nasm picks the short accumulator and
 * sign-extended imm8 encodings when they fit); returns whether it leaves AF undefined.
 */
function binary(b: CaseBuilder): boolean {
  const op = b.rng.pick([...ARITH, ...LOGIC]);
  const w = width(b);
  const imm = (): string => (w !== 8 && b.rng.chance(0.4) ? `byte ${b.rng.range(-128, 127)}` : hex(b.imm(w)));
  const lock = op !== "cmp" && op !== "test" && b.rng.chance(0.2) ? "lock " : "";
  switch (b.rng.below(5)) {
    case 0:
      b.emit(`${op} ${b.dest(w)}, ${b.reg(w)}`);
      break;
    case 1:
      b.emit(`${op} ${b.dest(w)}, ${b.mem(w / 8)}`);
      break;
    case 2:
      b.emit(`${lock}${op} ${b.mem(w / 8)}, ${b.reg(w)}`);
      break;
    case 3:
      b.emit(`${op} ${b.dest(w)}, ${op === "test" ? hex(b.imm(w)) : imm()}`);
      break;
    default:
      b.emit(`${lock}${op} ${b.mem(w / 8)}, ${op === "test" ? hex(b.imm(w)) : imm()}`);
  }
  return (LOGIC as readonly string[]).includes(op);
}

function unary(b: CaseBuilder): boolean | null {
  const op = b.rng.pick(UNARY);
  const w = width(b);
  b.emit(`${op} ${b.rng.chance(0.5) ? b.dest(w) : b.mem(w / 8)}`);
  return op === "not" ? null : false;
}

/** Integer ALU: add/adc/sub/sbb/cmp/and/or/xor/test/inc/dec/neg/not, 8/16/32-bit, 1–3 in a row. */
export const alu: Group = {
  name: "alu",
  count: 6000,
  kind: "int",
  make(b) {
    b.freeEsp();
    let afUndef = false;
    const n = b.rng.pick([1, 1, 2, 3]);
    for (let i = 0; i < n; i++) {
      const r = b.rng.chance(0.75) ? binary(b) : unary(b);
      if (r !== null) afUndef = r;
    }
    if (afUndef) b.flagsUndef = AF;
  },
};
