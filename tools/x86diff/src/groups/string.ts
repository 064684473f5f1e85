import type { CaseBuilder } from "../builder.ts";
import { DATA_BASE, DF } from "../layout.ts";
import { type Group } from "./group.ts";

const SUFFIX = { 1: "b", 2: "w", 4: "d" } as const;

/**
 * Places ESI and EDI so that `count` elements in either direction stay in the window, and
 * makes the destination a copy of the source for a random prefix (so repe cmps runs on).
 */
function setPointers(b: CaseBuilder, size: number, count: number, equalRun: number): void {
  const span = size * count;
  const lo = 0x10 + span;
  const hi = 0x1a0 - span;
  const pick = (): number => lo + b.rng.below(Math.max(1, hi - lo));
  const esi = pick();
  const edi = b.rng.chance(0.3) ? esi + b.rng.range(-8, 8) : pick();
  const dir = (b.state.eflags & DF) !== 0 ? -1 : 1;
  for (let k = 0; k < equalRun * size; k++) {
    const from = esi + dir * k;
    const to = edi + dir * k;
    if (from >= 0 && to >= 0 && from < 0x1c0 && to < 0x1c0) b.state.mem[to] = b.state.mem[from] ?? 0;
  }
  b.pin(6, DATA_BASE + esi);
  b.pin(7, DATA_BASE + edi);
}

/** movs/stos/lods/cmps/scas in b/w/d, with no prefix, rep, repe or repne, either direction. */
export const string: Group = {
  name: "string",
  count: 3000,
  kind: "int",
  make(b) {
    const op = b.rng.pick(["movs", "stos", "lods", "cmps", "scas"]);
    const size = b.rng.pick([1, 2, 4] as const);
    const compare = op === "cmps" || op === "scas";
    const prefix = b.rng.pick(compare ? ["", "repe ", "repne "] : ["", "rep ", "rep "]);
    const count = b.rng.pick([0, 1, 2, 3, b.rng.below(24)]);
    b.state.eflags = (b.state.eflags & ~DF) | (b.rng.chance(0.4) ? DF : 0);
    setPointers(b, size, count, b.rng.below(count + 2));
    b.pin(1, count);
    if (op === "scas" && b.rng.chance(0.5)) {
      // search for a value that is present a few elements on
      const at = (b.state.gpr[7] ?? 0) - DATA_BASE;
      b.pin(0, (b.state.mem[at] ?? 0) | ((b.state.mem[at + 1] ?? 0) << 8) | ((b.state.mem[at + 2] ?? 0) << 16) | ((b.state.mem[at + 3] ?? 0) << 24));
    }
    b.emit(`${prefix}${op}${SUFFIX[size]}`);
  },
};
