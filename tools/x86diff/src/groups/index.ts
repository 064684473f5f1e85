import { alu } from "./alu.ts";
import { bits } from "./bits.ts";
import { cond } from "./cond.ts";
import { control } from "./control.ts";
import { exchange } from "./exchange.ts";
import { flow } from "./flow.ts";
import type { Group } from "./group.ts";
import { misc } from "./misc.ts";
import { move } from "./move.ts";
import { muldiv } from "./muldiv.ts";
import { shift } from "./shift.ts";
import { stack } from "./stack.ts";
import { string } from "./string.ts";
import { mmx } from "./mmx.ts";
import { sseConvert } from "./sse-convert.ts";
import { sseFp } from "./sse-fp.ts";
import { sseInt } from "./sse-int.ts";
import { sseMmx } from "./sse-mmx.ts";
import { x87Bcd } from "./x87-bcd.ts";
import { sseRound } from "./sse-round.ts";
import { x87Arith, x87ArithExt, x87Round } from "./x87-arith.ts";
import { x87Compare } from "./x87-compare.ts";
import { x87Move } from "./x87-move.ts";
import { x87Trans } from "./x87-trans.ts";

/** Every group, in the order the goldens are generated and reported. */
export const GROUPS: readonly Group[] = [alu, shift, muldiv, bits, cond, exchange, move, string, stack, misc, control, flow,
  x87Move, x87Arith, x87ArithExt, x87Round, x87Compare, x87Trans, x87Bcd,
  mmx, sseInt, sseFp, sseConvert, sseRound, sseMmx];
