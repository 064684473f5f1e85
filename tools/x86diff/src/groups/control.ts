import { hex } from "../builder.ts";
import { CODE_BASE } from "../layout.ts";
import { CONDITIONS, type Group } from "./group.ts";

/**
 * Branches whose outcome shows in a register: the taken path skips a `mov`, so EAX tells
 * which way it went. Jcc rel8/rel32, jecxz, loop/loope/loopne, jmp direct and indirect.
 */
export const control: Group = {
  name: "control",
  count: 2000,
  kind: "int",
  make(b) {
    b.freeEsp();
    const skip = `mov eax, ${hex(b.rng.u32())}`;
    switch (b.rng.below(5)) {
      case 0:
        return b.emit(`j${b.rng.pick(CONDITIONS)} short .t\n${skip}\n.t:`);
      case 1:
        return b.emit(`j${b.rng.pick(CONDITIONS)} near .t\n${skip}\n.t:`);
      case 2: {
        b.pin(1, b.rng.pick([0, 1, 2, 0x10000, 0xffffffff]));
        return b.emit(`${b.rng.pick(["jecxz", "loop", "loope", "loopne"])} .t\n${skip}\n.t:`);
      }
      case 3: {
        // a short countdown loop: loop back while ECX is non-zero
        b.pin(1, b.rng.range(1, 6));
        return b.emit(`.l:\nadd edx, ecx\n${b.rng.pick(["loop", "loope", "loopne"])} .l`);
      }
      default: {
        const r = b.pinnedReg(0);
        const name = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"][r];
        return b.emit(`mov ${name}, ${hex(CODE_BASE)} + (.t - @base)\njmp ${name}\n${skip.replace("eax", name === "eax" ? "ecx" : "eax")}\n.t:`);
      }
    }
  },
};
