// Creating a process from mcexec's description (McKernel's kernel/host.c,
// process_msg_prepare_process, and init_process_stack): read and check the
// program_load_desc, build the address space (every section's pages, zeroed, for mcexec to
// fill through mcctrl's mirror), the initial stack with argv, envp and the auxiliary vector,
// and write the biases and the page directory back for mcctrl.

import { MCCTRL_AREA, PROGRAM_LOAD_DESC, PROGRAM_SECTION } from "../../abi/mcctrl.ts";
import { StructView } from "../../abi/layout.ts";
import { Reg, Seg } from "../../emu/x86/types.ts";
import type { CoreState } from "../../emu/x86/types.ts";
import { E2BIG, EBUSY, EFAULT, EINVAL, ENOMEM } from "./errno.ts";
import { find_process, new_thread, type process, process_register } from "./process.ts";
import { sched_cpu_ids } from "./sched.ts";
import { fresh_fpu, USER_CS, USER_DS } from "./signal_frame.ts";
import { copy_to_user } from "./uaccess.ts";
import { phys_map } from "./phys.ts";
import { page_align_down, page_align_up, PROT_MASK, PROT_READ, PROT_WRITE, process_vm, USER_END, USER_START } from "./vm.ts";

/** Where a position-independent program goes (Linux's ELF_ET_DYN_BASE for ia32). */
const ELF_ET_DYN_BASE = 0x00400000;
const DEFAULT_STACK_SIZE = 8 << 20;
const MIN_STACK_SIZE = 128 << 10;
const MAX_STACK_SIZE = 8 << 20;
/** Linux keeps at least this much between the stack and the top of the mmap area. */
const MIN_STACK_GAP = 128 << 20;
const STACK_GUARD_GAP = 1 << 20;
const MAX_SECTIONS = 64;
const TASK_COMM_LEN = 16;

/** AT_HWCAP: the cpuid leaf-1 EDX the LWK cores report (FPU TSC CX8 CMOV MMX FXSR SSE SSE2). */
const HWCAP = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 15) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26);
const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9, UID: 11, EUID: 12, GID: 13,
  EGID: 14, PLATFORM: 15, HWCAP: 16, CLKTCK: 17, SECURE: 23, RANDOM: 25, EXECFN: 31,
} as const;
const CLOCKS_PER_SEC = 100;
const PLATFORM = "i686";

interface program_section {
  vaddr: number;
  memsz: number;
  filesz: number;
  prot: number;
  interp: boolean;
}

interface program_load_desc {
  view: StructView;
  sections: program_section[];
  argv: Uint8Array[];
  envp: Uint8Array[];
}

/** NUL-terminated strings of a block (each with its NUL); undefined unless exactly count. */
function split_strings(bytes: Uint8Array, count: number): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    out.push(bytes.slice(start, i + 1));
    start = i + 1;
  }
  return out.length === count && start === bytes.length ? out : undefined;
}

/** Reads and checks the description at descPa; a copy, so Linux cannot change it under us. */
function read_desc(descPa: number): program_load_desc | number {
  let bytes: Uint8Array;
  try {
    const size = new DataView(phys_map(descPa, 4).slice().buffer).getUint32(0, true);
    if (size < PROGRAM_LOAD_DESC.size || size > MCCTRL_AREA.POST_SIZE) return -EINVAL;
    bytes = phys_map(descPa, size).slice();
  } catch (error) {
    if (error instanceof RangeError) return -EFAULT;
    throw error;
  }
  const view = new StructView(PROGRAM_LOAD_DESC, bytes, 0);
  const n = view.get("nr_sections");
  const argsAt = PROGRAM_LOAD_DESC.size + n * PROGRAM_SECTION.size;
  const argsLen = view.get("args_len");
  const envsLen = view.get("envs_len");
  if (n < 1 || n > MAX_SECTIONS || argsAt + argsLen + envsLen > bytes.length) return -EINVAL;
  const sections: program_section[] = [];
  for (let i = 0; i < n; i++) {
    const s = new StructView(PROGRAM_SECTION, bytes, PROGRAM_LOAD_DESC.size + i * PROGRAM_SECTION.size);
    const section = { vaddr: s.get("vaddr"), memsz: s.get("memsz"), filesz: s.get("filesz"), prot: s.get("prot"), interp: s.get("interp") === 1 };
    if (section.filesz > section.memsz || section.prot & ~PROT_MASK || s.get("interp") > 1) return -EINVAL;
    if (section.vaddr + section.memsz > 2 ** 32) return -EINVAL;
    sections.push(section);
  }
  const argv = split_strings(bytes.subarray(argsAt, argsAt + argsLen), view.get("argc"));
  const envp = split_strings(bytes.subarray(argsAt + argsLen, argsAt + argsLen + envsLen), view.get("envc"));
  if (!argv || !envp || argv.length === 0) return -EINVAL;
  const loads = (interp: boolean): boolean => sections.some((s) => s.interp === interp && s.memsz > 0);
  if (!loads(false) || (view.get("interp_entry") !== 0) !== loads(true)) return -EINVAL;
  return { view, sections, argv, envp };
}

/** Page-aligned intervals covering the sections, overlapping ones merged (protections or-ed). */
function section_pages(sections: program_section[], bias: number): { start: number; end: number; prot: number }[] {
  const pages = sections.filter((s) => s.memsz > 0).map((s) => ({
    start: page_align_down(s.vaddr + bias), end: page_align_up(s.vaddr + bias + s.memsz), prot: s.prot | PROT_READ,
  })).sort((a, b) => a.start - b.start);
  const merged: typeof pages = [];
  for (const p of pages) {
    const last = merged[merged.length - 1];
    if (last && p.start < last.end) {
      last.end = Math.max(last.end, p.end);
      last.prot |= p.prot;
    } else merged.push({ ...p });
  }
  return merged;
}

function map_image(vm: process_vm, sections: program_section[], bias: number, limit: number): number {
  for (const p of section_pages(sections, bias)) {
    if (p.start < USER_START || p.end > limit || !vm.is_free(p.start, p.end)) return -EINVAL;
    if (!vm.map(p.start, p.end, p.prot, "image")) return -ENOMEM;
  }
  return 0;
}

function span(sections: program_section[]): { low: number; high: number } {
  const live = sections.filter((s) => s.memsz > 0);
  return {
    low: page_align_down(Math.min(...live.map((s) => s.vaddr))),
    high: page_align_up(Math.max(...live.map((s) => s.vaddr + s.memsz))),
  };
}

interface stack_image {
  sp: number;
  ok: boolean;
}

/** Writes argc, argv, envp, auxv and the strings below USER_END (Linux's create_elf_tables). */
function build_stack(vm: process_vm, desc: program_load_desc, auxv: (strings: { random: number; platform: number; execfn: number }) => [number, number][]): stack_image {
  const strings: Uint8Array[] = [];
  let top = USER_END - 4;
  const place = (bytes: Uint8Array): number => {
    top -= bytes.length;
    strings.push(bytes);
    return top;
  };
  const argvAt = desc.argv.map(place);
  const envpAt = desc.envp.map(place);
  const platform = place(new TextEncoder().encode(`${PLATFORM}\0`));
  const random = place(new Uint8Array(Array.from({ length: 16 }, (_, i) => desc.view.get("at_random", i))));
  const aux = auxv({ random, platform, execfn: argvAt[0]! });
  const words = [desc.argv.length, ...argvAt, 0, ...envpAt, 0, ...aux.flat()];
  const sp = ((top - words.length * 4) & ~15) >>> 0;
  const block = new Uint8Array(USER_END - sp);
  const dv = new DataView(block.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  let at = USER_END - 4;
  for (const s of strings) {
    at -= s.length;
    block.set(s, at - sp);
  }
  return { sp, ok: copy_to_user(vm, sp, block) };
}

function initial_state(eip: number, esp: number): CoreState {
  const segments = Array.from({ length: 6 }, () => ({ selector: 0, base: 0 }));
  segments[Seg.CS] = { selector: USER_CS, base: 0 };
  for (const s of [Seg.DS, Seg.ES, Seg.SS]) segments[s] = { selector: USER_DS, base: 0 };
  const gpr = new Array(8).fill(0);
  gpr[Reg.ESP] = esp;
  return { gpr, eip, eflags: 0x202, segments, ...fresh_fpu() };
}

function comm_of(argv0: Uint8Array): string {
  const name = new TextDecoder().decode(argv0.subarray(0, argv0.length - 1));
  return name.slice(name.lastIndexOf("/") + 1).slice(0, TASK_COMM_LEN - 1);
}

/** PREPARE_PROCESS: 0, or -errno (nothing is left allocated then). */
export function prepare_process(pid: number, descPa: number): number {
  const desc = read_desc(descPa);
  if (typeof desc === "number") return desc;
  const d = desc.view;
  if (d.get("pid") !== pid || pid === 0) return -EINVAL;
  if (find_process(pid)) return -EBUSY;
  const cpu = d.get("cpu") | 0;
  const cpus = sched_cpu_ids();
  if (cpu < -1 || cpu >= cpus.length) return -EINVAL;
  const requested = d.get("stack_size");
  const stackSize = page_align_up(Math.min(MAX_STACK_SIZE, Math.max(MIN_STACK_SIZE, requested || DEFAULT_STACK_SIZE)));
  const stringBytes = [...desc.argv, ...desc.envp].reduce((n, s) => n + s.length + 4, 0);
  if (stringBytes > stackSize / 4) return -E2BIG;
  const vm = process_vm.create();
  if (!vm) return -ENOMEM;
  const ret = build_address_space(vm, desc, stackSize);
  if (typeof ret === "number") {
    vm.destroy();
    return ret;
  }
  const { progBias, interpBias, sp } = ret;
  const eip = d.get("interp_entry") !== 0 ? d.get("interp_entry") + interpBias : d.get("entry") + progBias;
  const main = initial_state(eip >>> 0, sp);
  const euid = d.get("euid");
  const egid = d.get("egid");
  const proc: process = {
    pid, ppid: d.get("ppid"), comm: comm_of(desc.argv[0]!), vm, threads: [],
    cred: { uid: d.get("uid"), euid, suid: euid, fsuid: euid, gid: d.get("gid"), egid, sgid: egid, fsgid: egid },
    sighand: Array.from({ length: 65 }, () => ({ handler: 0, flags: 0, restorer: 0, mask: 0n })),
    sigpending: 0n, siginfo: new Map(), state: "prepared", start_cpu: cpu === -1 ? -1 : cpus[cpu]!, leader_exit: null,
  };
  proc.threads.push(new_thread(proc, pid, proc.start_cpu, main));
  process_register(proc);
  const out = new StructView(PROGRAM_LOAD_DESC, phys_map(descPa, PROGRAM_LOAD_DESC.size), 0);
  out.set("prog_bias", progBias);
  out.set("interp_bias", interpBias);
  out.set("pgdir", vm.pgdir);
  return 0;
}

function build_address_space(vm: process_vm, desc: program_load_desc, stackSize: number):
  { progBias: number; interpBias: number; sp: number } | number {
  const d = desc.view;
  const stackStart = USER_END - stackSize;
  vm.mmap_base = stackStart - Math.max(stackSize, MIN_STACK_GAP) - STACK_GUARD_GAP;
  const prog = desc.sections.filter((s) => !s.interp);
  const interp = desc.sections.filter((s) => s.interp);
  const progSpan = span(prog);
  const progBias = d.get("prog_dyn") ? (ELF_ET_DYN_BASE - progSpan.low) >>> 0 : 0;
  let r = map_image(vm, prog, progBias, stackStart);
  if (r < 0) return r;
  vm.brk_start = vm.brk = (progSpan.high + progBias) >>> 0;
  let interpBias = 0;
  if (interp.length > 0) {
    const interpSpan = span(interp);
    const at = vm.find_free(interpSpan.high - interpSpan.low);
    if (at === undefined) return -ENOMEM;
    interpBias = (at - interpSpan.low) >>> 0;
    r = map_image(vm, interp, interpBias, stackStart);
    if (r < 0) return r;
  }
  if (!vm.map(stackStart, USER_END, PROT_READ | PROT_WRITE, "stack")) return -ENOMEM;
  const euid = d.get("euid");
  const egid = d.get("egid");
  const stack = build_stack(vm, desc, ({ random, platform, execfn }) => [
    [AT.HWCAP, HWCAP], [AT.PAGESZ, 4096], [AT.CLKTCK, CLOCKS_PER_SEC],
    [AT.PHDR, d.get("phdr") + progBias], [AT.PHENT, d.get("phent")], [AT.PHNUM, d.get("phnum")],
    [AT.BASE, interpBias], [AT.FLAGS, 0],
    [AT.ENTRY, d.get("entry") + progBias], [AT.UID, d.get("uid")], [AT.EUID, euid], [AT.GID, d.get("gid")],
    [AT.EGID, egid], [AT.SECURE, d.get("uid") !== euid || d.get("gid") !== egid ? 1 : 0], [AT.RANDOM, random],
    [AT.EXECFN, execfn], [AT.PLATFORM, platform], [AT.NULL, 0],
  ]);
  if (!stack.ok) return -EFAULT;
  return { progBias, interpBias, sp: stack.sp };
}
