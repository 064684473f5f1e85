import { describe, it } from "vitest";
import { expectUd, hex, UD_CASES } from "./undefined-opcodes.ts";

/** An unimplemented instruction stops the run with #UD naming its bytes. */
describe("unimplemented instructions", () => {
  for (const c of UD_CASES) {
    it(`${c.what} raises #UD naming ${hex(c.opcode)}`, () => expectUd(c));
  }
});
