import { alu } from "./alu.ts";
import { bits } from "./bits.ts";
import { cond } from "./cond.ts";
import { control } from "./control.ts";
import { exchange } from "./exchange.ts";
import type { Group } from "./group.ts";
import { misc } from "./misc.ts";
import { move } from "./move.ts";
import { muldiv } from "./muldiv.ts";
import { shift } from "./shift.ts";
import { stack } from "./stack.ts";
import { string } from "./string.ts";

/** Every group, in the order the goldens are generated and reported. */
export const GROUPS: readonly Group[] = [alu, shift, muldiv, bits, cond, exchange, move, string, stack, misc, control];
