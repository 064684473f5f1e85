import type { CaseBuilder } from "../builder.ts";
import { hex } from "../builder.ts";
import { DATA_BASE } from "../layout.ts";
import { AF, CF, OF, PF, SF, ZF, type Group } from "./group.ts";

/** Undefined flags of the BCD adjustments (Intel SDM, DAA … AAD). */
const BCD: Record<string, number> = {
  daa: OF,
  das: OF,
  aaa: OF | SF | ZF | PF,
  aas: OF | SF | ZF | PF,
  aam: OF | AF | CF,
  aad: OF | AF | CF,
};

function bcd(b: CaseBuilder): void {
  const op = b.rng.pick(Object.keys(BCD));
  const base = op === "aam" || op === "aad" ? ` ${b.rng.pick([10, 10, 16, 7, 1, 255, b.rng.range(1, 255)])}` : "";
  b.emit(`${op}${base}`);
  b.flagsUndef = BCD[op] ?? 0;
}

function xlat(b: CaseBuilder): void {
  b.pin(3, DATA_BASE + b.rng.below(0x100));
  b.emit("xlatb");
}

/** Flag instructions, BCD adjustments (aam/aad with any base) and xlat. */
export const misc: Group = {
  name: "misc",
  count: 2000,
  kind: "int",
  make(b) {
    b.freeEsp();
    const form = b.rng.below(4);
    if (form === 0) bcd(b);
    else if (form === 1) xlat(b);
    else if (form === 2) b.emit(b.rng.pick(["clc", "stc", "cmc", "cld", "std", "lahf", "sahf", "nop", "salc"]));
    else b.emit(`mov ah, ${hex(b.rng.below(256))}\nsahf\nlahf`);
  },
};
