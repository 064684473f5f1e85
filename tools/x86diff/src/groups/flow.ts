import type { CaseBuilder } from "../builder.ts";
import { hex } from "../builder.ts";
import { AF, CONDITIONS, width, type Group } from "./group.ts";

const PRODUCERS = ["add", "adc", "sub", "sbb", "cmp", "and", "or", "xor", "test", "neg", "inc", "dec"] as const;
const LOGIC = new Set(["and", "or", "xor", "test"]);

/** A flag-setting instruction; returns whether it leaves AF undefined. */
function produce(b: CaseBuilder): boolean {
  const op = b.rng.pick(PRODUCERS);
  const w = width(b);
  if (op === "neg" || op === "inc" || op === "dec") b.emit(`${op} ${b.dest(w)}`);
  else b.emit(`${op} ${b.dest(w)}, ${b.rng.chance(0.5) ? b.reg(w) : hex(b.imm(w))}`);
  return LOGIC.has(op);
}

/** An instruction that reads the flags; `afDefined` allows the ones that expose AF too. */
function consume(b: CaseBuilder, afDefined: boolean): void {
  const cc = b.rng.pick(CONDITIONS);
  const forms = [
    () => b.emit(`set${cc} ${b.dest(8)}`),
    () => b.emit(`cmov${cc} ${b.dest(32)}, ${b.reg(32)}`),
    () => b.emit(`j${cc} short .t${b.lines.length}\nmov ${b.dest(32)}, ${hex(b.rng.u32())}\n.t${b.lines.length}:`),
    () => b.emit(`${b.rng.pick(["adc", "sbb"])} ${b.dest(32)}, ${b.reg(32)}`),
    () => b.emit(`${b.rng.pick(["rcl", "rcr"])} ${b.dest(32)}, 1`),
    () => b.emit(b.rng.pick(["cmc", "salc"])),
  ];
  if (afDefined) forms.push(() => b.emit(b.rng.pick(["lahf", "pushfd\npop eax"])));
  b.rng.pick(forms)();
}

/**
 * Flags flowing between instructions: a flag producer, then two to four consumers and
 * producers (setcc, cmovcc, jcc, adc/sbb, rcl/rcr, cmc, salc; lahf and pushfd only while AF
 * is defined, since they expose it). ESP stays in the window for pushfd.
 */
export const flow: Group = {
  name: "flow",
  count: 2500,
  kind: "int",
  make(b) {
    let afUndef = produce(b);
    for (let n = b.rng.range(2, 4); n > 0; n--) {
      if (b.rng.chance(0.3)) afUndef = produce(b);
      else consume(b, !afUndef);
    }
    if (afUndef) b.flagsUndef = AF;
  },
};
