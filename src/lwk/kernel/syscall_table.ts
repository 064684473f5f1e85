// The system-call table (McKernel's kernel/include/syscall.h and syscall_list.h): which i386
// numbers the LWK handles itself (SYSCALL_HANDLED) and which it sends to Linux
// (SYSCALL_DELEGATED; so do numbers not listed). The list is the text of
// arch/x86/kernel/include/syscall_list.h, bundled into the image; handlers register with
// SYSCALL_DECLARE(name, handler) and read their arguments with ihk_mc_syscall_arg0..5.

import type { UserCore } from "../hal.ts";
import SYSCALL_LIST from "../arch/x86/kernel/include/syscall_list.h?raw";
import type { thread } from "./process.ts";

/** What a handler sees of the trapping thread (McKernel's ihk_mc_user_context_t). */
export interface ihk_mc_user_context_t {
  readonly thread: thread;
  readonly number: number;
  /** ebx ecx edx esi edi ebp, as unsigned 32-bit values. */
  readonly args: readonly number[];
  /** The core the thread runs on (its registers are live there). */
  readonly core: UserCore;
}

/** A handler returns the value for EAX, or SYSCALL_SUSPENDED when the thread went to sleep
 * (someone sets EAX when waking it) or its registers were set otherwise (sigreturn, exit). */
export const SYSCALL_SUSPENDED: unique symbol = Symbol("syscall suspended");
export type syscall_result = number | typeof SYSCALL_SUSPENDED;
type syscall_handler = (ctx: ihk_mc_user_context_t) => syscall_result;

interface syscall_entry {
  number: number;
  name: string;
  handled: boolean;
}

const handlers = new Map<string, syscall_handler>();

export function SYSCALL_DECLARE(name: string, handler: syscall_handler): void {
  if (handlers.has(name)) throw new Error(`SYSCALL_DECLARE(${name}) twice`);
  handlers.set(name, handler);
}

export const ihk_mc_syscall_arg0 = (ctx: ihk_mc_user_context_t): number => ctx.args[0]!;
export const ihk_mc_syscall_arg1 = (ctx: ihk_mc_user_context_t): number => ctx.args[1]!;
export const ihk_mc_syscall_arg2 = (ctx: ihk_mc_user_context_t): number => ctx.args[2]!;
export const ihk_mc_syscall_arg3 = (ctx: ihk_mc_user_context_t): number => ctx.args[3]!;
export const ihk_mc_syscall_arg4 = (ctx: ihk_mc_user_context_t): number => ctx.args[4]!;
export const ihk_mc_syscall_arg5 = (ctx: ihk_mc_user_context_t): number => ctx.args[5]!;

/** Parses syscall_list.h text: one entry per SYSCALL_HANDLED/SYSCALL_DELEGATED line. */
export function parse_syscall_list(text: string): { entries: syscall_entry[]; errors: string[] } {
  const entries: syscall_entry[] = [];
  const errors: string[] = [];
  const seen = new Map<number, string>();
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  code.split("\n").forEach((line) => {
    const trimmed = line.trim();
    if (trimmed === "") return;
    const m = /^SYSCALL_(HANDLED|DELEGATED)\(\s*(\d+)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(trimmed);
    if (!m) {
      errors.push(`syscall_list.h: cannot read "${trimmed}"`);
      return;
    }
    const number = Number(m[2]);
    const name = m[3]!;
    const before = seen.get(number);
    if (before !== undefined) {
      errors.push(`syscall_list.h: ${number} listed twice (${before}, ${name})`);
      return;
    }
    seen.set(number, name);
    entries.push({ number, name, handled: m[1] === "HANDLED" });
  });
  return { entries, errors };
}

let table = new Map<number, syscall_entry>();

/** Builds the table from the bundled list; returns the problems found (also a HANDLED
 * line without a handler, which is then forwarded to Linux). */
export function syscall_table_init(text: string = SYSCALL_LIST): string[] {
  const { entries, errors } = parse_syscall_list(text);
  table = new Map(entries.map((e) => [e.number, e]));
  for (const e of entries) {
    if (e.handled && !handlers.has(e.name)) errors.push(`syscall_list.h: ${e.name} (${e.number}) is HANDLED but has no SYSCALL_DECLARE`);
  }
  return errors;
}

export function syscall_name(number: number): string {
  return table.get(number)?.name ?? `syscall_${number}`;
}

/** The local handler of number, or undefined when Linux serves it. */
export function syscall_handler_of(number: number): syscall_handler | undefined {
  const e = table.get(number);
  return e?.handled ? handlers.get(e.name) : undefined;
}

/** Names declared with SYSCALL_DECLARE that no HANDLED line uses. */
export function syscall_unused_handlers(): string[] {
  const used = new Set([...table.values()].filter((e) => e.handled).map((e) => e.name));
  return [...handlers.keys()].filter((n) => !used.has(n));
}
