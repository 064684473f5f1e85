import { CONDITIONS, type Group } from "./group.ts";

/** cmovcc (16/32-bit, register and memory source) and setcc (register and memory) on random flags. */
export const cond: Group = {
  name: "cond",
  count: 3000,
  kind: "int",
  make(b) {
    b.freeEsp();
    const cc = b.rng.pick(CONDITIONS);
    if (b.rng.chance(0.5)) {
      const w = b.rng.pick([16, 32] as const);
      b.emit(`cmov${cc} ${b.dest(w)}, ${b.rng.chance(0.5) ? b.reg(w) : b.mem(w / 8)}`);
    } else {
      b.emit(`set${cc} ${b.rng.chance(0.5) ? b.dest(8) : b.mem(1)}`);
    }
  },
};
