// Linux as the LWK sees it through HostLink, in TypeScript: offloaded calls are served here
// (stdout/stderr captured, stdin and files from memory, uname, fstat…) by reading and
// writing the process's memory through its page table, as mcexec does through mcctrl's
// mirror; answers come back later on the calling CPU. The test helper loads a static i386
// ELF file the way mcexec does: a program_load_desc in LWK memory, PREPARE, the sections'
// file bytes copied to vaddr + bias, SCHEDULE.

import { existsSync, readFileSync } from "node:fs";
import { StructView } from "../../src/abi/layout.ts";
import { PROGRAM_LOAD_DESC, PROGRAM_SECTION } from "../../src/abi/mcctrl.ts";
import type { HostLink, OffloadRequest, ProcessControl } from "../../src/lwk/kernel/host.ts";
import { readBootParam } from "../../src/lwk/kernel/bootparam.ts";
import { ihk_mc_alloc_pages, ihk_mc_free_pages } from "../../src/lwk/kernel/mem.ts";
import { process_init } from "../../src/lwk/kernel/process_init.ts";
import { mckernel_main } from "../../src/lwk/kernel/init.ts";
import { bootOn, fakeNode, type FakeNode } from "./fake-hal.ts";

const ENOENT = 2, EBADF = 9, EFAULT = 14, EINVAL = 22, ENOTTY = 25, ENOSYS = 38;
const PAGE = 4096;

interface OpenFile {
  data: Uint8Array;
  pos: number;
  /** ld.so tells files apart by st_dev/st_ino. */
  ino: number;
}

export interface Exit {
  pid: number;
  tid: number;
  status: number;
}

/** The fake's Linux side: files, stdio and the calls it serves. */
export class FakeLinux implements HostLink {
  control: ProcessControl | undefined;
  readonly files = new Map<string, Uint8Array>();
  stdin = new Uint8Array(0);
  /** While true, reads of stdin are left unanswered (a blocked read in Linux). */
  holdStdin = false;
  readonly held: Array<() => void> = [];
  stdout = "";
  stderr = "";
  readonly exits: Exit[] = [];
  readonly calls: number[] = [];
  private readonly fds = new Map<number, OpenFile>();
  private readonly pgdirs = new Map<number, number>();
  private readonly inodes = new Map<string, number>();

  constructor(private readonly node: FakeNode) {}

  ready(): boolean {
    return true;
  }

  exited(pid: number, tid: number, status: number): void {
    this.exits.push({ pid, tid, status });
  }

  offload(req: OffloadRequest, done: (ret: number) => void): void {
    this.calls.push(req.number);
    const hal = this.node.hal;
    const hwId = hal.ihk_mc_get_hardware_processor_id();
    const answer = (ret: number): void => hal.ihk_mc_interrupt_cpu(hwId, () => done(ret));
    if (this.holdStdin && (req.number === 3 || req.number === 145) && req.args[0] === 0) {
      this.held.push(() => answer(this.serve(req)));
      return;
    }
    answer(this.serve(req));
  }

  setPgdir(pid: number, pgdir: number): void {
    this.pgdirs.set(pid, pgdir);
  }

  /** Physical address of va in pid's address space (mcctrl's walk), or undefined. */
  translate(pid: number, va: number): number | undefined {
    const ram = this.node.hal.ihk_mc_map_phys.bind(this.node.hal);
    const word = (pa: number): number => new DataView(ram(pa, 4).slice().buffer).getUint32(0, true);
    const pgdir = this.pgdirs.get(pid);
    if (pgdir === undefined) return undefined;
    const pde = word(pgdir + (va >>> 22) * 4);
    if (!(pde & 1)) return undefined;
    const pte = word((pde & ~0xfff) + ((va >>> 12) & 0x3ff) * 4);
    if (!(pte & 1)) return undefined;
    return ((pte & ~0xfff) >>> 0) + (va & 0xfff);
  }

  read(pid: number, va: number, len: number): Uint8Array | undefined {
    const out = new Uint8Array(len);
    for (let i = 0; i < len;) {
      const pa = this.translate(pid, (va + i) >>> 0);
      if (pa === undefined) return undefined;
      const n = Math.min(len - i, PAGE - ((va + i) & 0xfff));
      out.set(this.node.hal.ihk_mc_map_phys(pa, n), i);
      i += n;
    }
    return out;
  }

  write(pid: number, va: number, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length;) {
      const pa = this.translate(pid, (va + i) >>> 0);
      if (pa === undefined) return false;
      const n = Math.min(bytes.length - i, PAGE - ((va + i) & 0xfff));
      this.node.hal.ihk_mc_map_phys(pa, n).set(bytes.subarray(i, i + n));
      i += n;
    }
    return true;
  }

  private string(pid: number, va: number): string | undefined {
    const bytes: number[] = [];
    for (let i = 0; i < 4096; i++) {
      const b = this.read(pid, va + i, 1);
      if (!b) return undefined;
      if (b[0] === 0) return new TextDecoder().decode(new Uint8Array(bytes));
      bytes.push(b[0]!);
    }
    return undefined;
  }

  private serve(req: OffloadRequest): number {
    const [a0, a1, a2, a3, a4] = req.args as number[] as [number, number, number, number, number];
    const pid = req.pid;
    switch (req.number) {
      case 4: return this.doWrite(pid, a0, a1, a2);
      case 146: return this.vector(pid, a1, a2, (base, len) => this.doWrite(pid, a0, base, len));
      case 3: return this.doRead(pid, a0, a1, a2, undefined);
      case 145: return this.vector(pid, a1, a2, (base, len) => this.doRead(pid, a0, base, len, undefined));
      case 180: return this.doRead(pid, a0, a1, a2, a3 + a4 * 2 ** 32);
      case 5: return this.open(pid, a0);
      case 295: return this.open(pid, a1);
      case 6: return this.fds.delete(a0) || a0 <= 2 ? 0 : -EBADF;
      case 19: return this.seek(a0, a1 | 0, a2);
      case 54: return -ENOTTY;
      case 122: return this.uname(pid, a0);
      case 197: return this.stat64(pid, a0, a1);
      case 300: return this.stat64(pid, a0, a2);
      case 383: return this.statx(pid, a0, a4);
      case 183: return this.write(pid, a0, new TextEncoder().encode("/home/hpcuser\0")) ? 14 : -EFAULT;
      case 355: return this.write(pid, a0, new Uint8Array(a1).fill(7)) ? a1 : -EFAULT;
      case 191: return this.write(pid, a1, this.rlimit(a0)) ? 0 : -EFAULT;
      case 85: case 33: return -ENOENT;
      case 213: case 214: return 0;
      default: return -ENOSYS;
    }
  }

  /** RLIMIT_STACK is 8 MiB, the rest unlimited. */
  private rlimit(resource: number): Uint8Array {
    const b = new Uint8Array(8);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, resource === 3 ? 8 << 20 : 0xffffffff, true);
    dv.setUint32(4, 0xffffffff, true);
    return b;
  }

  private doWrite(pid: number, fd: number, buf: number, len: number): number {
    const bytes = this.read(pid, buf, len);
    if (!bytes) return -EFAULT;
    const text = new TextDecoder().decode(bytes);
    if (fd === 1) this.stdout += text;
    else if (fd === 2) this.stderr += text;
    else return -EBADF;
    return len;
  }

  private doRead(pid: number, fd: number, buf: number, len: number, at: number | undefined): number {
    let data: Uint8Array;
    if (fd === 0) {
      data = this.stdin.subarray(0, len);
      this.stdin = this.stdin.subarray(data.length);
    } else {
      const f = this.fds.get(fd);
      if (!f) return -EBADF;
      const from = at ?? f.pos;
      data = f.data.subarray(from, from + len);
      if (at === undefined) f.pos += data.length;
    }
    return this.write(pid, buf, data) ? data.length : -EFAULT;
  }

  private vector(pid: number, iov: number, count: number, each: (base: number, len: number) => number): number {
    let total = 0;
    for (let i = 0; i < count; i++) {
      const v = this.read(pid, iov + i * 8, 8);
      if (!v) return -EFAULT;
      const dv = new DataView(v.buffer);
      const n = each(dv.getUint32(0, true), dv.getUint32(4, true));
      if (n < 0) return n;
      total += n;
    }
    return total;
  }

  private open(pid: number, pathAddr: number): number {
    const path = this.string(pid, pathAddr);
    if (path === undefined) return -EFAULT;
    const data = this.files.get(path) ?? this.hostLibrary(path);
    if (!data) return -ENOENT;
    let fd = 3;
    while (this.fds.has(fd)) fd++;
    if (!this.inodes.has(path)) this.inodes.set(path, this.inodes.size + 100);
    this.fds.set(fd, { data, pos: 0, ino: this.inodes.get(path)! });
    return fd;
  }

  /** The host's i386 run-time files (ld.so's cache and libraries) are visible as they are. */
  private hostLibrary(path: string): Uint8Array | undefined {
    const visible = path === "/etc/ld.so.cache" || path.startsWith("/lib") || path.startsWith("/usr/lib");
    return visible && existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
  }

  private seek(fd: number, off: number, whence: number): number {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    const pos = whence === 0 ? off : whence === 1 ? f.pos + off : f.data.length + off;
    if (pos < 0) return -EINVAL;
    f.pos = pos;
    return pos;
  }

  private uname(pid: number, buf: number): number {
    const out = new Uint8Array(65 * 6);
    ["Linux", "cn01", "6.1.176-cn01", "#1 SMP", "i686", "(none)"].forEach((s, i) => out.set(new TextEncoder().encode(s), i * 65));
    return this.write(pid, buf, out) ? 0 : -EFAULT;
  }

  private fileMode(fd: number): { mode: number; size: number; ino: number } | undefined {
    if (fd <= 2) return { mode: 0o020620, size: 0, ino: 1 + fd };
    const f = this.fds.get(fd);
    return f && { mode: 0o100644, size: f.data.length, ino: f.ino };
  }

  private stat64(pid: number, fd: number, buf: number): number {
    const m = this.fileMode(fd);
    if (!m) return -EBADF;
    const b = new Uint8Array(96);
    const dv = new DataView(b.buffer);
    dv.setUint32(12, m.ino, true);
    dv.setUint32(16, m.mode, true);
    dv.setUint32(20, 1, true);
    dv.setUint32(88, m.ino, true);
    dv.setUint32(44, m.size, true);
    dv.setUint32(52, 4096, true);
    return this.write(pid, buf, b) ? 0 : -EFAULT;
  }

  private statx(pid: number, fd: number, buf: number): number {
    const m = this.fileMode(fd);
    if (!m) return -EBADF;
    const b = new Uint8Array(256);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 0x7ff, true);
    dv.setUint32(4, 4096, true);
    dv.setUint32(16, 1, true);
    dv.setUint16(28, m.mode, true);
    dv.setUint32(32, m.ino, true);
    dv.setUint32(40, m.size, true);
    return this.write(pid, buf, b) ? 0 : -EFAULT;
  }
}

export interface LwkNode {
  node: FakeNode;
  linux: FakeLinux;
  bsp: number;
}

/** A booted LWK on the fake node with the fake Linux as its host link. */
export function bootLwk(options: { hwIds?: number[]; sizeMiB?: number; kargs?: string; bootSec?: number } = {}): LwkNode {
  const hwIds = options.hwIds ?? [2, 3];
  const node = fakeNode({ start: 0x400000, size: (options.sizeMiB ?? 64) << 20, hwIds, kargs: options.kargs ?? "" });
  const bsp = hwIds[0]!;
  node.bootParam.set("boot_sec", options.bootSec ?? 0);
  bootOn(node, mckernel_main, bsp);
  node.drain();
  const linux = new FakeLinux(node);
  node.onCpu(bsp, () => process_init(node.hal, readBootParam(node.hal), (control) => {
    linux.control = control;
    return linux;
  }));
  return { node, linux, bsp };
}

export interface ElfSection {
  vaddr: number;
  memsz: number;
  filesz: number;
  offset: number;
  prot: number;
}

export interface ElfProgram {
  sections: ElfSection[];
  /** PT_INTERP, or null for a static program. */
  interp: string | null;
  entry: number;
  phdr: number;
  phnum: number;
  phent: number;
  dyn: boolean;
  file: Uint8Array;
}

export function readElf(path: string): ElfProgram {
  const file = new Uint8Array(readFileSync(path));
  const dv = new DataView(file.buffer);
  const phoff = dv.getUint32(28, true);
  const phent = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  const sections: ElfSection[] = [];
  let phdr = 0;
  let interp: string | null = null;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phent;
    const type = dv.getUint32(at, true);
    const [offset, vaddr, filesz, memsz, flags] = [4, 8, 16, 20, 24].map((o) => dv.getUint32(at + o, true)) as [number, number, number, number, number];
    if (type === 6) phdr = vaddr;
    if (type === 3) interp = new TextDecoder().decode(file.subarray(offset, offset + filesz - 1));
    if (type !== 1) continue;
    if (offset === 0 && phdr === 0) phdr = vaddr + phoff;
    sections.push({ vaddr, memsz, filesz, offset, prot: (flags & 4 ? 1 : 0) | (flags & 2 ? 2 : 0) | (flags & 1 ? 4 : 0) });
  }
  return { sections, interp, entry: dv.getUint32(24, true), phdr, phnum, phent, dyn: dv.getUint16(16, true) === 3, file };
}

export interface Started {
  pid: number;
  ret: number;
}

let nextPid = 1000;

/** What mcexec does for `mcexec PROGRAM ARGS…`: returns PREPARE's answer (0 = started). */
export function mcexec(lwk: LwkNode, program: ElfProgram, argv: string[], envp: string[] = [], options: { cpu?: number; stackSize?: number } = {}): Started {
  const { node, linux, bsp } = lwk;
  const pid = nextPid++;
  const interp = program.interp === null ? undefined : readElf(program.interp);
  const sections = [...program.sections.map((s) => ({ ...s, interp: 0 })), ...(interp?.sections ?? []).map((s) => ({ ...s, interp: 1 }))];
  const enc = new TextEncoder();
  const args = enc.encode(argv.map((a) => `${a}\0`).join(""));
  const envs = enc.encode(envp.map((e) => `${e}\0`).join(""));
  const size = PROGRAM_LOAD_DESC.size + sections.length * PROGRAM_SECTION.size + args.length + envs.length;
  const pages = Math.ceil(size / PAGE);
  const ret = node.onCpu(bsp, () => {
    const pa = ihk_mc_alloc_pages(pages)!;
    const bytes = node.hal.ihk_mc_map_phys(pa, size);
    const d = new StructView(PROGRAM_LOAD_DESC, bytes, 0);
    const fields: [string, number][] = [
      ["size", size], ["pid", pid], ["ppid", 999], ["cpu", options.cpu ?? -1], ["uid", 1000], ["euid", 1000], ["gid", 1000],
      ["egid", 1000], ["nr_sections", sections.length], ["entry", program.entry], ["interp_entry", interp?.entry ?? 0],
      ["phdr", program.phdr], ["phnum", program.phnum], ["phent", program.phent], ["prog_dyn", program.dyn ? 1 : 0],
      ["argc", argv.length], ["envc", envp.length], ["args_len", args.length], ["envs_len", envs.length],
      ["stack_size", options.stackSize ?? 0],
    ];
    for (const [name, value] of fields) d.set(name, value);
    for (let i = 0; i < 16; i++) d.set("at_random", i * 17 + 3, i);
    sections.forEach((s, i) => {
      const v = new StructView(PROGRAM_SECTION, bytes, PROGRAM_LOAD_DESC.size + i * PROGRAM_SECTION.size);
      for (const [k, val] of Object.entries(s)) v.set(k, val);
    });
    const strings = PROGRAM_LOAD_DESC.size + sections.length * PROGRAM_SECTION.size;
    bytes.set(args, strings);
    bytes.set(envs, strings + args.length);
    const r = linux.control!.prepare(pid, pa);
    const biases = [d.get("prog_bias"), d.get("interp_bias")];
    linux.setPgdir(pid, d.get("pgdir"));
    ihk_mc_free_pages(pa, pages);
    if (r !== 0) return r;
    for (const s of sections) {
      const file = (s.interp ? interp! : program).file;
      if (!linux.write(pid, s.vaddr + biases[s.interp]!, file.subarray(s.offset, s.offset + s.filesz))) throw new Error("section copy failed");
    }
    linux.control!.schedule(pid);
    return 0;
  });
  return { pid, ret };
}

/** Runs the node until pid has exited; its wait status. */
export function waitExit(lwk: LwkNode, pid: number, maxSteps?: number): number {
  lwk.node.run(() => lwk.linux.exits.some((e) => e.pid === pid), maxSteps);
  const exit = lwk.linux.exits.find((e) => e.pid === pid);
  if (!exit) throw new Error(`process ${pid} did not exit; stdout so far: ${lwk.linux.stdout}`);
  return exit.status;
}
