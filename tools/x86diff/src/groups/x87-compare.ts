import type { CaseBuilder } from "../builder.ts";
import { doubleBytes, floatBytes, intBytes, randomDouble, randomFloat } from "../fp-values.ts";
import { PC64, sti, x87Stack } from "./x87-setup.ts";
import type { Group } from "./group.ts";

/** Comparisons see equal operands often: half the stacks repeat one value. */
function value(b: CaseBuilder): () => number {
  const fixed = randomDouble(b.rng);
  return () => (b.rng.chance(0.5) ? fixed : randomDouble(b.rng));
}

function compare(b: CaseBuilder): void {
  const op = b.rng.pick(["fcom", "fcomp", "fucom", "fucomp"]);
  switch (b.rng.below(7)) {
    case 0:
      return b.emit(`${op} ${sti(b, 8)}`);
    case 1:
      return b.emit(`${b.rng.pick(["fcom", "fcomp"])} ${b.memWith(floatBytes(randomFloat(b.rng)))}`);
    case 2:
      return b.emit(`${b.rng.pick(["fcom", "fcomp"])} ${b.memWith(doubleBytes(randomDouble(b.rng)))}`);
    case 3:
      return b.emit(b.rng.pick(["fcompp", "fucompp", "ftst", "fxam"]));
    case 4:
      return b.emit(`${b.rng.pick(["ficom", "ficomp"])} ${b.memWith(intBytes(b.rng, b.rng.pick([2, 4])))}`);
    default:
      return b.emit(`${b.rng.pick(["fcomi", "fcomip", "fucomi", "fucomip"])} st0, ${sti(b, 8)}`);
  }
}

/**
 * fcom/fucom in all forms, ficom, ftst, fxam and fcomi/fucomi (which set ZF, PF, CF and
 * clear OF, SF, AF). All four condition codes are defined for these.
 */
export const x87Compare: Group = {
  name: "x87-compare",
  count: 2500,
  kind: "fp",
  make(b) {
    b.freeEsp();
    x87Stack(b, b.rng.chance(0.9) ? b.rng.range(1, 8) : 0, PC64, value(b));
    compare(b);
  },
};
