import { installAlu } from "./ops-alu.ts";
import { installBits } from "./ops-bits.ts";
import { installMulDiv } from "./ops-muldiv.ts";
import { installShift } from "./ops-shift.ts";
import { installSse } from "./ops-sse.ts";
import { installString } from "./ops-string.ts";
import { installX87 } from "./ops-x87.ts";
import { installSystem } from "./ops-system.ts";
import { installControl } from "./ops-control.ts";
import { installData } from "./ops-data.ts";
import { installStack } from "./ops-stack.ts";
import { emptyTables, type OpcodeTables } from "./opcode-table.ts";

function build(): OpcodeTables {
  const t = emptyTables();
  installAlu(t);
  installData(t);
  installStack(t);
  installControl(t);
  installShift(t);
  installMulDiv(t);
  installBits(t);
  installString(t);
  installSystem(t);
  installSse(t);
  installX87(t);
  return t;
}

/** The complete opcode maps of the core. */
export const opcodeTables: OpcodeTables = build();
