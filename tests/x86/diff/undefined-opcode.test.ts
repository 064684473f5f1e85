import { describe, it } from "vitest";
import { expectUd, hex, UD_CASES } from "./undefined-opcodes.ts";

/** An unimplemented instruction stops the run with #UD naming its bytes (pending cases: pending/). */
describe("unimplemented instructions", () => {
  for (const c of UD_CASES.filter((u) => u.pending === undefined)) {
    it(`${c.what} raises #UD naming ${hex(c.opcode)}`, () => expectUd(c));
  }
});
