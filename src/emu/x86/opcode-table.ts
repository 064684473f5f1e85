import { undefinedOp, type Emitter } from "./decode.ts";

/** Emitters by opcode: one-byte map and the 0F two-byte map. */
export interface OpcodeTables {
  one: Emitter[];
  two: Emitter[];
}

export function emptyTables(): OpcodeTables {
  return { one: new Array<Emitter>(256).fill(undefinedOp), two: new Array<Emitter>(256).fill(undefinedOp) };
}
