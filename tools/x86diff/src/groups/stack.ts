import type { CaseBuilder } from "../builder.ts";
import { hex } from "../builder.ts";
import { CASE_FLAGS } from "../layout.ts";
import { type Group } from "./group.ts";

function pushPop(b: CaseBuilder): void {
  const w = b.rng.pick([16, 32, 32] as const);
  switch (b.rng.below(6)) {
    case 0:
      return b.emit(`push ${b.reg(w)}`);
    case 1:
      return b.emit(`push strict ${w === 16 ? "word" : "dword"} ${hex(b.imm(w))}`);
    case 2:
      return b.emit(`push ${w === 16 ? "word" : "dword"} byte ${b.rng.range(-128, 127)}`);
    case 3:
      return b.emit(`push ${b.mem(w / 8)}`);
    case 4:
      return b.emit(`pop ${b.dest(w)}`);
    default:
      // pop to memory: an ESP-based address is computed after ESP is incremented
      return b.emit(b.rng.chance(0.3) ? `pop dword [esp+${b.rng.below(16) * 4}]` : `pop ${b.mem(w / 8)}`);
  }
}

function special(b: CaseBuilder): void {
  switch (b.rng.below(8)) {
    case 0:
      return b.emit(b.rng.pick(["pushad", "popad", "pushaw", "popaw"]));
    case 1:
      return b.emit(b.rng.pick(["push esp", "pop esp", "push sp"]));
    case 2:
      return b.emit("pushfd");
    case 3: {
      // popfd of a value that only touches the flags a user program may change
      b.emit(`push dword ${hex((b.rng.u32() & CASE_FLAGS) | 0x2)}`);
      return b.emit(b.rng.chance(0.5) ? "popfd" : "popf");
    }
    case 4:
      return b.emit(`enter ${b.rng.below(64) * 4}, ${b.rng.pick([0, 0, 1, 2, 3])}`);
    case 5:
      return b.emit("leave");
    case 6:
      return b.emit("call .f\njmp .e\n.f:\nret\n.e:");
    default:
      return b.emit(`call .f\njmp .e\n.f:\nret ${b.rng.below(4) * 4}\n.e:`);
  }
}

/**
 * push/pop in all forms, pusha/popa, pushf/popf, enter/leave, call/ret. The special forms
 * rewrite several registers (popa, pop esp, leave), so they only end a sequence.
 */
export const stack: Group = {
  name: "stack",
  count: 3000,
  kind: "int",
  make(b) {
    b.pin(4, (b.state.gpr[4] ?? 0) - b.rng.below(8) * 4);
    // EBP is a frame pointer into the stack area: leave loads ESP from it, enter with a
    // nesting level copies frame pointers from below it
    b.pin(5, (b.state.gpr[4] ?? 0) + b.rng.below(8) * 4);
    for (let n = b.rng.pick([0, 0, 1, 2]); n > 0; n--) pushPop(b);
    if (b.rng.chance(0.6)) special(b);
    else pushPop(b);
  },
};
