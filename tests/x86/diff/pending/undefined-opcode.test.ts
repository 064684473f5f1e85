import { describe, it } from "vitest";
import { expectUd, hex, UD_CASES } from "../undefined-opcodes.ts";

/** The #UD cases the core does not pass yet: fail until fixed. */
describe("pending: unimplemented instructions", () => {
  for (const c of UD_CASES.filter((u) => u.pending !== undefined)) {
    it(`${c.what} raises #UD naming ${hex(c.opcode)} (${c.pending})`, () => expectUd(c));
  }
});
