import type { CaseBuilder } from "../builder.ts";
import type { StateKind } from "../golden-format.ts";

/**
 * A family of instruction forms. `make` writes one case (lines + initial state + masks of
 * undefined results) into the builder; the generator calls it `count` times per seed.
 */
export interface Group {
  name: string;
  count: number;
  kind: StateKind;
  make(b: CaseBuilder): void;
}

/** EFLAGS bits, for the masks of undefined flags. */
export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
export const ALL6 = CF | PF | AF | ZF | SF | OF;

export const CONDITIONS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"] as const;

/** An operand width, weighted towards 32 bits as compiled code is. */
export function width(b: CaseBuilder): 8 | 16 | 32 {
  return b.rng.pick([8, 16, 32, 32] as const);
}
