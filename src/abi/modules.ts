// Every shared ABI module, each generating one header under images/include/.

import type { AbiModule } from "./c-header.ts";
import { BOARD_ABI } from "./ihk-board.ts";
import { IKC_ABI } from "./ikc.ts";
import { MCCTRL_ABI } from "./mcctrl.ts";

export const ABI_MODULES: readonly AbiModule[] = [BOARD_ABI, IKC_ABI, MCCTRL_ABI];
