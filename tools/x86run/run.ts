import * as fs from "node:fs";
import * as path from "node:path";
import { X86Core, Seg, type FaultInfo } from "../../src/emu/x86/index.ts";
import { AddressSpace, PROT_READ, PROT_WRITE } from "./address-space.ts";
import { ElfError } from "./elf.ts";
import { loadElf, readProgram } from "./loader.ts";
import { buildStack, STACK_SIZE, STACK_TOP } from "./stack.ts";
import { ProcessExit, Syscalls } from "./syscalls.ts";

const SIGILL = 4, SIGTRAP = 5, SIGFPE = 8, SIGSEGV = 11;
const USER_CS = 0x73, USER_DS = 0x7b;
const PHYSICAL_MEMORY = 512 << 20;
/** AT_HWCAP: the cpuid leaf-1 EDX the core reports. */
const HWCAP = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 15) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26);

export interface RunOptions {
  program: string;
  args: string[];
  env: string[];
  sysroot: string | null;
  trace: boolean;
  /** Where the one-line fault report goes. */
  report: (line: string) => void;
}

export interface RunOutcome {
  status: number;
  instructions: number;
}

function signalOf(fault: FaultInfo): number {
  switch (fault.name) {
    case "#UD": return SIGILL;
    case "#DE": return SIGFPE;
    default: return SIGSEGV;
  }
}

function resolveInterpreter(interp: string, sysroot: string | null): string {
  if (sysroot !== null) {
    const inRoot = path.join(sysroot, interp);
    if (fs.existsSync(inRoot)) return inRoot;
  }
  return interp;
}

/** Loads and runs an i386 Linux program on the core; returns its exit status. */
export function runProgram(o: RunOptions): RunOutcome {
  const mem = { u8: new Uint8Array(PHYSICAL_MEMORY) };
  const cpu = new X86Core(mem);
  const space = new AddressSpace(mem, cpu);
  const image = loadElf(space, readProgram(o.program), false);
  let entry = image.entry, interpBase = 0;
  if (image.elf.interpreter !== null) {
    const interp = loadElf(space, readProgram(resolveInterpreter(image.elf.interpreter, o.sysroot)), true);
    entry = interp.entry;
    interpBase = interp.base;
  }
  space.brkStart = space.brk = image.end;
  space.addArea(STACK_TOP - STACK_SIZE, STACK_TOP, PROT_READ | PROT_WRITE);
  const sp = buildStack(space, image, interpBase, [o.program, ...o.args], o.env, HWCAP);
  cpu.defineDescriptor(USER_CS, 0);
  cpu.defineDescriptor(USER_DS, 0);
  for (const [seg, sel] of [[Seg.CS, USER_CS], [Seg.DS, USER_DS], [Seg.ES, USER_DS], [Seg.SS, USER_DS]] as const) {
    cpu.setSegment(seg, sel, 0);
  }
  cpu.setPaging({ enabled: true, cr3: space.tables.directory });
  cpu.regs.fill(0);
  cpu.regs[4] = sp;
  cpu.eip = entry >>> 0;
  const sys = new Syscalls(cpu, space, o.sysroot);
  sys.trace = o.trace;
  sys.exePath = path.resolve(o.program);
  let instructions = 0;
  const die = (line: string, signal: number): RunOutcome => {
    o.report(`x86run: ${line}`);
    return { status: 128 + signal, instructions };
  };
  try {
    for (;;) {
      const res = cpu.run(50_000_000);
      instructions += res.executed;
      if (res.kind === "budget") continue;
      if (res.kind === "interrupt") {
        if (res.vector === 0x80) { sys.dispatch(); continue; }
        if (res.vector === 3) return die(`breakpoint (int3) at eip=0x${((cpu.eip - 1) >>> 0).toString(16).padStart(8, "0")}`, SIGTRAP);
        return die(`#GP: int 0x${res.vector.toString(16)} at eip=0x${(cpu.eip >>> 0).toString(16)}`, SIGSEGV);
      }
      if (res.kind === "fault") {
        const f = res.fault;
        if (f.name === "#PF" && !f.present && space.fault(f.address, f.access === "write")) continue;
        return die(cpu.formatFault(f), signalOf(f));
      }
      return die(`${res.kind} in user mode at eip=0x${(cpu.eip >>> 0).toString(16)}`, res.kind === "hlt" ? SIGSEGV : SIGILL);
    }
  } catch (e) {
    if (e instanceof ProcessExit) return { status: e.status, instructions };
    throw e;
  }
}

function usage(): never {
  process.stderr.write("usage: x86run [--sysroot DIR] [--strace] [--stats] PROGRAM [ARGS...]\n");
  process.exit(2);
}

export function main(argv: string[]): number {
  let sysroot: string | null = process.env.X86RUN_SYSROOT ?? null;
  let trace = false, stats = false;
  let i = 0;
  for (; i < argv.length && argv[i].startsWith("--"); i++) {
    if (argv[i] === "--sysroot") sysroot = argv[++i] ?? usage();
    else if (argv[i] === "--strace") trace = true;
    else if (argv[i] === "--stats") stats = true;
    else usage();
  }
  if (i >= argv.length) usage();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  try {
    const out = runProgram({
      program: argv[i], args: argv.slice(i + 1), env: Object.entries(process.env).map(([k, v]) => `${k}=${v}`),
      sysroot, trace, report: (line) => process.stderr.write(`${line}\n`),
    });
    if (stats) {
      const s = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpuStarted);
      const cpu = (used.user + used.system) / 1e6;
      process.stderr.write(`x86run: ${out.instructions} instructions in ${s.toFixed(3)} s, ${cpu.toFixed(3)} s CPU `
        + `(${(out.instructions / cpu / 1e6).toFixed(1)} MIPS per CPU second)\n`);
    }
    return out.status;
  } catch (e) {
    if (e instanceof ElfError || (e as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`x86run: ${argv[i]}: ${(e as Error).message}\n`);
      return 127;
    }
    throw e;
  }
}
