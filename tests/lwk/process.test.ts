// Real static i386 programs (gcc -m32 -static) run on the LWK on the fake node: the LWK
// prepares the process from a program_load_desc, schedules it on its CPUs' x86 cores, serves
// or offloads its system calls, and reports its exit, as it does for mcexec.

import { beforeAll, describe, expect, it } from "vitest";
import { ihk_mc_free_page_count } from "../../src/lwk/kernel/mem.ts";
import { compileProgram } from "./compile.ts";
import { bootLwk, type ElfProgram, mcexec, readElf, waitExit } from "./fake-linux.ts";

const programs: Record<string, ElfProgram> = {};

beforeAll(() => {
  for (const name of ["hello"]) programs[name] = readElf(compileProgram(name));
});

describe("a static program on the LWK", () => {
  it("prints hello world through an offloaded write and exits with status 0", () => {
    const lwk = bootLwk();
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    const { pid, ret } = mcexec(lwk, programs.hello!, ["hello"]);
    expect(ret).toBe(0);
    expect(waitExit(lwk, pid)).toBe(0);
    expect(lwk.linux.stdout).toBe("hello, world\n");
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
  });
});
