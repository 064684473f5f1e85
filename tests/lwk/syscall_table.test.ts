// The system-call table: arch/x86/kernel/include/syscall_list.h read the way the LWK reads
// it, every HANDLED line backed by a SYSCALL_DECLARE and every handler listed.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse_syscall_list, syscall_table_init, syscall_unused_handlers } from "../../src/lwk/kernel/syscall_table.ts";
import "../../src/lwk/kernel/process_init.ts";

const LIST = readFileSync(new URL("../../src/lwk/arch/x86/kernel/include/syscall_list.h", import.meta.url), "utf8");

describe("syscall_list.h", () => {
  it("has a handler for every HANDLED call and lists every handler", () => {
    expect(syscall_table_init(LIST)).toEqual([]);
    expect(syscall_unused_handlers()).toEqual([]);
  });

  it("uses the i386 numbers of the calls the LWK must keep from Linux", () => {
    const { entries } = parse_syscall_list(LIST);
    const handled = new Map(entries.filter((e) => e.handled).map((e) => [e.name, e.number]));
    expect(Object.fromEntries(["exit", "brk", "clone", "mmap2", "futex", "set_thread_area", "exit_group", "clone3", "rseq"]
      .map((n) => [n, handled.get(n)]))).toEqual({
      exit: 1, brk: 45, clone: 120, mmap2: 192, futex: 240, set_thread_area: 243, exit_group: 252, clone3: 435, rseq: 386,
    });
    expect(entries.find((e) => e.name === "write")).toEqual({ number: 4, name: "write", handled: false });
  });

  it("reports lines it cannot read, numbers listed twice and HANDLED calls without a handler", () => {
    const errors = syscall_table_init("SYSCALL_HANDLED(1, exit)\nSYSCALL_HANDLED(1, exit_group)\nSYSCALL_HANDLED(500, sys_lab)\nbogus\n");
    expect(errors).toEqual([
      "syscall_list.h: 1 listed twice (exit, exit_group)",
      'syscall_list.h: cannot read "bogus"',
      "syscall_list.h: sys_lab (500) is HANDLED but has no SYSCALL_DECLARE",
    ]);
    syscall_table_init();
  });
});
