import * as fs from "node:fs";
import * as path from "node:path";
import { Reg, type X86Core } from "../../src/emu/x86/index.ts";
import { AddressSpace, HostFault, PROT_EXEC, PROT_READ, PROT_WRITE } from "./address-space.ts";
import { dirents64, direntType, stat64, statx, type DirEntry } from "./linux-structs.ts";

const EPERM = 1, ENOENT = 2, EBADF = 9, ENOMEM = 12, EFAULT = 14, EEXIST = 17, ENOTDIR = 20;
const EINVAL = 22, ENOTTY = 25, ESPIPE = 29, ERANGE = 34, ENOSYS = 38;
const AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100;
const MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
const PAGE = 4096;
const pageUp = (n: number): number => Math.ceil(n / PAGE) * PAGE;

type Descriptor =
  | { kind: "host"; fd: number; path: string; position: number; append: boolean; stream: boolean }
  | { kind: "dir"; path: string; entries: DirEntry[]; next: number };

/** Raised to end the run with an exit status. */
export class ProcessExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

/** Linux i386 open flags → Node flags. */
function hostOpenFlags(flags: number): number {
  const c = fs.constants;
  let f = [c.O_RDONLY, c.O_WRONLY, c.O_RDWR][flags & 3] ?? c.O_RDONLY;
  if (flags & 0o100) f |= c.O_CREAT;
  if (flags & 0o200) f |= c.O_EXCL;
  if (flags & 0o1000) f |= c.O_TRUNC;
  if (flags & 0o2000) f |= c.O_APPEND;
  return f;
}

function errnoOf(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  const table: Record<string, number> = {
    ENOENT, EACCES: 13, EEXIST, ENOTDIR, EISDIR: 21, EINVAL, ENOTEMPTY: 39, EBADF, EPERM, ELOOP: 40,
    ENAMETOOLONG: 36, ESPIPE, EAGAIN: 11, EPIPE: 32, EXDEV: 18, ENOSPC: 28,
  };
  return table[code ?? ""] ?? EINVAL;
}

/**
 * A thin Linux system-call layer for one single-threaded i386 process, performed on the
 * host (like qemu-i386's user mode). Numbers are the i386 ones (arch/x86/entry/syscalls).
 */
export class Syscalls {
  private readonly fds = new Map<number, Descriptor>();
  private cwd = process.cwd();
  private readonly startTime = process.hrtime.bigint();
  trace = false;

  constructor(private readonly cpu: X86Core, private readonly space: AddressSpace, private readonly sysroot: string | null) {
    for (let fd = 0; fd < 3; fd++) this.fds.set(fd, { kind: "host", fd, path: `/dev/fd/${fd}`, position: 0, append: false, stream: true });
  }

  /** Performs the call in EAX with arguments EBX, ECX, EDX, ESI, EDI, EBP; sets EAX. */
  dispatch(): void {
    const r = this.cpu.regs;
    const nr = r[Reg.EAX];
    const args = [r[Reg.EBX], r[Reg.ECX], r[Reg.EDX], r[Reg.ESI], r[Reg.EDI], r[Reg.EBP]];
    let result: number;
    try {
      result = this.call(nr, args);
    } catch (e) {
      if (e instanceof HostFault) result = -EFAULT;
      else if (e instanceof ProcessExit) throw e;
      else if ((e as NodeJS.ErrnoException).code !== undefined) result = -errnoOf(e);
      else throw e;
    }
    if (this.trace) process.stderr.write(`[x86run] syscall ${nr}(${args.slice(0, 4).map((a) => `0x${(a >>> 0).toString(16)}`).join(", ")}) = ${result}\n`);
    r[Reg.EAX] = result;
  }

  /** Host path of a guest path: absolute paths are looked up in the sysroot first. */
  private hostPath(p: string, dirfd = AT_FDCWD): string {
    if (path.isAbsolute(p)) {
      if (this.sysroot !== null) {
        const inRoot = path.join(this.sysroot, p);
        if (fs.existsSync(inRoot)) return inRoot;
      }
      return p;
    }
    if (dirfd === AT_FDCWD) return path.resolve(this.cwd, p);
    const d = this.fds.get(dirfd);
    if (d === undefined) throw Object.assign(new Error("bad fd"), { code: "EBADF" });
    return path.resolve(d.path, p);
  }

  private str(addr: number): string {
    return this.space.readCString(addr >>> 0);
  }

  private put(addr: number, bytes: Uint8Array): void {
    this.space.write(addr >>> 0, bytes);
  }

  private putU32(addr: number, ...values: number[]): void {
    const b = new Uint8Array(4 * values.length);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setUint32(4 * i, v >>> 0, true));
    this.put(addr, b);
  }

  private u32(addr: number): number {
    return new DataView(this.space.read(addr >>> 0, 4).buffer).getUint32(0, true);
  }

  private newFd(d: Descriptor, min = 0): number {
    let fd = min;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, d);
    return fd;
  }

  private call(nr: number, a: number[]): number {
    switch (nr) {
      case 1: case 252: throw new ProcessExit(a[0] & 0xff);
      case 3: return this.read(a[0], a[1], a[2]);
      case 4: return this.write(a[0], a[1], a[2]);
      case 5: return this.open(AT_FDCWD, a[0], a[1], a[2]);
      case 295: return this.open(a[0], a[1], a[2], a[3]);
      case 6: return this.close(a[0]);
      case 10: fs.unlinkSync(this.hostPath(this.str(a[0]))); return 0;
      case 12: return this.chdir(this.str(a[0]));
      case 13: { const t = Math.floor(Date.now() / 1000); if (a[0] !== 0) this.putU32(a[0], t); return t; }
      case 19: return this.lseek(a[0], a[1], a[2]);
      case 140: return this.llseek(a[0], a[1], a[2], a[3], a[4]);
      case 20: case 224: return 4242;
      case 64: return 4241;
      case 24: case 47: case 49: case 50: case 199: case 200: case 201: case 202: return 1000;
      case 33: fs.accessSync(this.hostPath(this.str(a[0]))); return 0;
      case 307: case 439: fs.accessSync(this.hostPath(this.str(a[1]), a[0])); return 0;
      case 39: fs.mkdirSync(this.hostPath(this.str(a[0])), { mode: a[1] }); return 0;
      case 40: fs.rmdirSync(this.hostPath(this.str(a[0]))); return 0;
      case 41: return this.dup(a[0], 0);
      case 63: return this.dup2(a[0], a[1]);
      case 221: return this.fcntl(a[0], a[1], a[2]);
      case 45: return this.brk(a[0] >>> 0);
      case 54: return this.ioctl(a[0], a[1]);
      case 85: return this.readlink(AT_FDCWD, a[0], a[1], a[2]);
      case 305: return this.readlink(a[0], a[1], a[2], a[3]);
      case 90: {
        const [addr, len, prot, flags, fd, off] = [0, 4, 8, 12, 16, 20].map((o) => this.u32(a[0] + o));
        return this.mmap(addr, len, prot, flags, fd | 0, off);
      }
      case 192: return this.mmap(a[0] >>> 0, a[1] >>> 0, a[2], a[3], a[4], (a[5] >>> 0) * PAGE);
      case 91: return this.munmap(a[0] >>> 0, a[1] >>> 0);
      case 125: return this.mprotect(a[0] >>> 0, a[1] >>> 0, a[2]);
      case 219: case 250: return 0;
      case 106: case 195: return this.stat(this.str(a[0]), a[1], true);
      case 107: case 196: return this.stat(this.str(a[0]), a[1], false);
      case 108: case 197: return this.fstat(a[0], a[1]);
      case 300: return this.fstatat(a[0], a[1], a[2], a[3]);
      case 383: return this.statx(a[0], a[1], a[2], a[4]);
      case 122: return this.uname(a[0]);
      case 145: return this.vector(a[0], a[1], a[2], false);
      case 146: return this.vector(a[0], a[1], a[2], true);
      case 183: return this.getcwd(a[0], a[1] >>> 0);
      case 220: return this.getdents64(a[0], a[1], a[2] >>> 0);
      case 243: return this.setThreadArea(a[0]);
      case 258: return 4242;
      case 311: case 174: case 175: case 340: case 191: return this.zeroOut(nr, a);
      case 78: { const ms = Date.now(); if (a[0] !== 0) this.putU32(a[0], Math.floor(ms / 1000), (ms % 1000) * 1000); return 0; }
      case 265: case 403: return this.clockGettime(a[0], a[1], nr === 403);
      case 162: case 407: return 0;
      case 355: { const b = new Uint8Array(a[1] >>> 0); for (let i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256); this.put(a[1] === 0 ? 0 : a[0], b); return b.length; }
      case 37: case 238: case 270: throw new ProcessExit(128 + (a[nr === 270 ? 2 : 1] & 0x7f));
      case 386: return -ENOSYS;
      default:
        if (this.trace) process.stderr.write(`[x86run] unimplemented syscall ${nr}\n`);
        return -ENOSYS;
    }
  }

  /** Calls whose output we can leave zeroed or that need no effect (signals, limits). */
  private zeroOut(nr: number, a: number[]): number {
    if (nr === 174 && a[2] !== 0) this.put(a[2], new Uint8Array(20));
    if (nr === 175 && a[2] !== 0) this.put(a[2], new Uint8Array(a[3] >>> 0));
    if (nr === 191 && a[1] !== 0) this.putU32(a[1], 0x7fffffff, 0x7fffffff);
    if (nr === 340 && a[3] !== 0) this.putU32(a[3], 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
    return 0;
  }

  private desc(fd: number): Descriptor {
    const d = this.fds.get(fd);
    if (d === undefined) throw Object.assign(new Error("bad fd"), { code: "EBADF" });
    return d;
  }

  private hostDesc(fd: number): Extract<Descriptor, { kind: "host" }> {
    const d = this.desc(fd);
    if (d.kind !== "host") throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return d;
  }

  private read(fd: number, buf: number, count: number): number {
    const d = this.hostDesc(fd);
    const data = Buffer.alloc(Math.min(count >>> 0, 1 << 24));
    let n: number;
    try {
      n = fs.readSync(d.fd, data, 0, data.length, d.stream ? null : d.position);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") return 0;
      throw e;
    }
    if (!d.stream) d.position += n;
    this.put(buf, data.subarray(0, n));
    return n;
  }

  private write(fd: number, buf: number, count: number): number {
    const d = this.hostDesc(fd);
    const data = this.space.read(buf >>> 0, count >>> 0);
    if (d.append) d.position = fs.fstatSync(d.fd).size;
    const n = fs.writeSync(d.fd, data, 0, data.length, d.stream ? null : d.position);
    if (!d.stream) d.position += n;
    return n;
  }

  private vector(fd: number, iov: number, count: number, isWrite: boolean): number {
    let total = 0;
    for (let i = 0; i < count; i++) {
      const base = this.u32(iov + 8 * i), len = this.u32(iov + 8 * i + 4);
      if (len === 0) continue;
      const n = isWrite ? this.write(fd, base, len) : this.read(fd, base, len);
      total += n;
      if (n < len) break;
    }
    return total;
  }

  private open(dirfd: number, pathAddr: number, flags: number, mode: number): number {
    const p = this.hostPath(this.str(pathAddr), dirfd);
    const st = fs.existsSync(p) ? fs.statSync(p) : null;
    if (st?.isDirectory()) {
      const names = [".", "..", ...fs.readdirSync(p)];
      const entries = names.map((name) => {
        const s = fs.lstatSync(path.join(p, name));
        return { name, ino: s.ino, type: direntType(s) };
      });
      return this.newFd({ kind: "dir", path: p, entries, next: 0 });
    }
    if (flags & 0o200000) return -ENOTDIR;
    const hostFd = fs.openSync(p, hostOpenFlags(flags), mode & 0o7777);
    const stream = !fs.fstatSync(hostFd).isFile();
    return this.newFd({ kind: "host", fd: hostFd, path: p, position: 0, append: (flags & 0o2000) !== 0, stream });
  }

  private close(fd: number): number {
    const d = this.desc(fd);
    this.fds.delete(fd);
    if (d.kind === "host" && d.fd > 2 && ![...this.fds.values()].some((o) => o.kind === "host" && o.fd === d.fd)) fs.closeSync(d.fd);
    return 0;
  }

  private dup(fd: number, min: number): number {
    return this.newFd({ ...this.desc(fd) }, min);
  }

  private dup2(fd: number, to: number): number {
    const d = this.desc(fd);
    if (fd !== to) this.fds.set(to, { ...d });
    return to;
  }

  private fcntl(fd: number, cmd: number, arg: number): number {
    this.desc(fd);
    if (cmd === 0 || cmd === 1030) return this.dup(fd, arg);
    if (cmd === 3) return 0o2;
    return 0;
  }

  private lseek(fd: number, offset: number, whence: number): number {
    const d = this.hostDesc(fd);
    if (d.stream) return -ESPIPE;
    const base = whence === 0 ? 0 : whence === 1 ? d.position : fs.fstatSync(d.fd).size;
    if (base + offset < 0) return -EINVAL;
    d.position = base + offset;
    return d.position;
  }

  private llseek(fd: number, hi: number, lo: number, resultAddr: number, whence: number): number {
    const r = this.lseek(fd, hi * 4294967296 + (lo >>> 0), whence);
    if (r < 0) return r;
    this.putU32(resultAddr, r % 4294967296, Math.floor(r / 4294967296));
    return 0;
  }

  private chdir(p: string): number {
    const target = this.hostPath(p);
    if (!fs.statSync(target).isDirectory()) return -ENOTDIR;
    this.cwd = target;
    return 0;
  }

  private getcwd(buf: number, size: number): number {
    const bytes = Buffer.from(`${this.cwd}\0`, "utf8");
    if (bytes.length > size) return -ERANGE;
    this.put(buf, bytes);
    return bytes.length;
  }

  private readlink(dirfd: number, pathAddr: number, buf: number, size: number): number {
    const p = this.str(pathAddr);
    const target = p === "/proc/self/exe" ? this.exePath : fs.readlinkSync(this.hostPath(p, dirfd));
    const bytes = Buffer.from(target, "utf8").subarray(0, size >>> 0);
    this.put(buf, bytes);
    return bytes.length;
  }

  exePath = "";

  private ioctl(fd: number, request: number): number {
    const d = this.desc(fd);
    if (d.kind === "host" && (request === 0x5401 || request === 0x5413)) return -ENOTTY;
    return -ENOTTY;
  }

  private brk(addr: number): number {
    const s = this.space;
    if (addr === 0 || addr < s.brkStart) return s.brk;
    const oldEnd = pageUp(s.brk);
    const newEnd = pageUp(addr);
    if (newEnd > oldEnd) {
      if (!s.isFree(oldEnd, newEnd)) return s.brk;
      s.addArea(oldEnd, newEnd, PROT_READ | PROT_WRITE);
    } else if (newEnd < oldEnd) {
      s.removeRange(newEnd, oldEnd);
    }
    s.brk = addr;
    return addr;
  }

  private mmap(addr: number, len: number, prot: number, flags: number, fd: number, offset: number): number {
    if (len === 0) return -EINVAL;
    const size = pageUp(len);
    let start: number;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
      if (addr & (PAGE - 1)) return -EINVAL;
      if ((flags & MAP_FIXED_NOREPLACE) && !this.space.isFree(addr, addr + size)) return -EEXIST;
      start = addr;
    } else if (addr !== 0 && (addr & (PAGE - 1)) === 0 && this.space.isFree(addr, addr + size)) {
      start = addr;
    } else {
      start = this.space.findFree(size);
    }
    if (start < 0x10000) return -ENOMEM;
    this.space.addArea(start, start + size, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
    if ((flags & MAP_ANONYMOUS) === 0) {
      const d = this.hostDesc(fd);
      const data = Buffer.alloc(len);
      const n = fs.readSync(d.fd, data, 0, len, offset);
      const writable = prot;
      if (prot === 0) this.space.protect(start, start + size, PROT_READ);
      this.space.write(start, data.subarray(0, n));
      if (prot === 0) this.space.protect(start, start + size, writable);
    }
    return start | 0;
  }

  private munmap(addr: number, len: number): number {
    if (addr & (PAGE - 1)) return -EINVAL;
    this.space.removeRange(addr, addr + (pageUp(len)));
    return 0;
  }

  private mprotect(addr: number, len: number, prot: number): number {
    if (addr & (PAGE - 1)) return -EINVAL;
    return this.space.protect(addr, addr + (pageUp(len)), prot) ? 0 : -ENOMEM;
  }

  private stat(p: string, buf: number, follow: boolean): number {
    const h = this.hostPath(p);
    this.put(buf, stat64(follow ? fs.statSync(h) : fs.lstatSync(h)));
    return 0;
  }

  private fstat(fd: number, buf: number): number {
    const d = this.desc(fd);
    this.put(buf, stat64(d.kind === "host" ? fs.fstatSync(d.fd) : fs.statSync(d.path)));
    return 0;
  }

  private statOf(dirfd: number, pathAddr: number, flags: number): fs.Stats {
    const p = this.str(pathAddr);
    if (p === "" && (flags & AT_EMPTY_PATH)) {
      const d = this.desc(dirfd);
      return d.kind === "host" ? fs.fstatSync(d.fd) : fs.statSync(d.path);
    }
    const h = this.hostPath(p, dirfd);
    return flags & AT_SYMLINK_NOFOLLOW ? fs.lstatSync(h) : fs.statSync(h);
  }

  private fstatat(dirfd: number, pathAddr: number, buf: number, flags: number): number {
    this.put(buf, stat64(this.statOf(dirfd, pathAddr, flags)));
    return 0;
  }

  private statx(dirfd: number, pathAddr: number, flags: number, buf: number): number {
    this.put(buf, statx(this.statOf(dirfd, pathAddr, flags)));
    return 0;
  }

  private uname(buf: number): number {
    const fields = ["Linux", "cn01", "6.1.0-x86run", "#1 SMP", "i686", "(none)"];
    const b = new Uint8Array(65 * 6);
    fields.forEach((f, i) => b.set(Buffer.from(f, "utf8"), 65 * i));
    this.put(buf, b);
    return 0;
  }

  private getdents64(fd: number, buf: number, size: number): number {
    const d = this.desc(fd);
    if (d.kind !== "dir") return -ENOTDIR;
    const { bytes, used } = dirents64(d.entries, d.next, size);
    if (used === 0 && d.next < d.entries.length) return -EINVAL;
    d.next += used;
    this.put(buf, bytes);
    return bytes.length;
  }

  /** set_thread_area: installs a TLS descriptor (GDT entries 6..8 as on Linux i386). */
  private setThreadArea(uinfo: number): number {
    let entry = this.u32(uinfo) | 0;
    const base = this.u32(uinfo + 4);
    if (entry === -1) entry = 6;
    if (entry < 6 || entry > 8) return -EINVAL;
    this.putU32(uinfo, entry);
    this.cpu.defineDescriptor((entry << 3) | 3, base);
    return 0;
  }

  private clockGettime(clock: number, ts: number, time64: boolean): number {
    const ns = clock === 0 || clock === 5 || clock === 8
      ? BigInt(Date.now()) * 1000000n
      : process.hrtime.bigint() - this.startTime;
    const sec = Number(ns / 1000000000n), nsec = Number(ns % 1000000000n);
    if (time64) this.putU32(ts, sec, 0, nsec, 0);
    else this.putU32(ts, sec, nsec);
    return 0;
  }
}
