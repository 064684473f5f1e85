import type { CaseBuilder } from "../builder.ts";
import { hex, R32 } from "../builder.ts";
import { DATA_BASE } from "../layout.ts";
import { width, type Group } from "./group.ts";

function extend(b: CaseBuilder): void {
  const op = b.rng.pick(["movzx", "movsx"]);
  const [dw, sw] = b.rng.pick([[16, 8], [32, 8], [32, 16]] as const);
  const src = b.rng.chance(0.5) ? b.reg(sw) : b.mem(sw / 8);
  b.emit(`${op} ${b.dest(dw)}, ${src}`);
}

function mov(b: CaseBuilder): void {
  const w = width(b);
  switch (b.rng.below(5)) {
    case 0:
      return b.emit(`mov ${b.dest(w)}, ${b.reg(w)}`);
    case 1:
      return b.emit(`mov ${b.dest(w)}, ${b.mem(w / 8)}`);
    case 2:
      return b.emit(`mov ${b.mem(w / 8)}, ${b.reg(w)}`);
    case 3:
      return b.emit(`mov ${b.rng.chance(0.5) ? b.dest(w) : b.mem(w / 8)}, ${hex(b.imm(w))}`);
    default: {
      // moffs forms (A0-A3): accumulator to or from an absolute address
      const acc = w === 32 ? "eax" : w === 16 ? "ax" : "al";
      const at = `[${hex(DATA_BASE + b.target(w / 8))}]`;
      return b.emit(b.rng.chance(0.5) ? `mov ${acc}, ${at}` : `mov ${at}, ${acc}`);
    }
  }
}

/** lea with every 32-bit ModRM/SIB form (no memory is touched, so any register values). */
function lea32(b: CaseBuilder): void {
  const dst = b.dest(b.rng.pick([16, 32, 32] as const));
  const base = b.rng.pick(R32);
  const index = b.rng.pick(R32.filter((r) => r !== "esp"));
  const scale = b.rng.pick([1, 2, 4, 8]);
  const disp = b.rng.pick([0, b.rng.range(-128, 127), b.rng.u32()]);
  const forms = [
    `[${hex(disp >>> 0)}]`,
    `[${base}]`,
    `[${base}+${disp}]`,
    `[dword ${base}+${hex(disp >>> 0)}]`,
    `[${base}+${index}*${scale}]`,
    `[${base}+${index}*${scale}+${disp}]`,
    `[dword ${base}+${index}*${scale}+${hex(disp >>> 0)}]`,
    `[nosplit ${index}*${scale}+${hex(disp >>> 0)}]`,
  ];
  b.emit(`lea ${dst}, ${b.rng.pick(forms)}`.replace("+-", "-"));
}

/** lea with 16-bit addressing (0x67 prefix): the eight base/index pairs, disp8 and disp16. */
function lea16(b: CaseBuilder): void {
  const dst = b.dest(b.rng.pick([16, 32] as const));
  const pair = b.rng.pick(["bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"]);
  const disp = b.rng.pick([0, b.rng.range(-128, 127), b.rng.below(0x10000)]);
  const expr = b.rng.chance(0.15) ? `[word ${hex(b.rng.below(0x10000))}]` : `[${pair}+${disp}]`.replace("+-", "-");
  b.emit(`lea ${dst}, ${expr}`);
}

/** movzx/movsx, mov in all forms, cbw/cwde/cwd/cdq, lea with 32- and 16-bit addressing. */
export const move: Group = {
  name: "move",
  count: 4000,
  kind: "int",
  make(b) {
    b.freeEsp();
    switch (b.rng.below(5)) {
      case 0:
        return extend(b);
      case 1:
        return mov(b);
      case 2:
        return b.emit(b.rng.pick(["cbw", "cwde", "cwd", "cdq"]));
      case 3:
        return lea32(b);
      default:
        return lea16(b);
    }
  },
};
