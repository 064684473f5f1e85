import { PageTables, type X86Core } from "../../src/emu/x86/index.ts";

const PAGE = 4096;

export const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

/** A mapped region of the guest's linear address space. */
interface Area {
  start: number;
  end: number;
  prot: number;
}

/**
 * The process's address space in a flat physical memory: a frame allocator, the page
 * tables, and the list of areas. Anonymous memory is mapped on first touch (demand paging,
 * from the #PF the core reports).
 */
export class AddressSpace {
  readonly tables: PageTables;
  private nextFrame: number;
  private readonly freeFrames: number[] = [];
  private areas: Area[] = [];
  brkStart = 0;
  brk = 0;
  private mmapTop = 0xb8000000;

  constructor(private readonly mem: { u8: Uint8Array }, private readonly cpu: X86Core) {
    this.nextFrame = 0x100000;
    this.tables = new PageTables(mem, { directory: 0x1000, allocate: () => this.frame() });
  }

  private frame(): number {
    const f = this.freeFrames.pop() ?? this.bump();
    this.mem.u8.fill(0, f, f + PAGE);
    return f;
  }

  private bump(): number {
    if (this.nextFrame + PAGE > this.mem.u8.length) throw new Error("x86run: out of physical memory");
    const f = this.nextFrame;
    this.nextFrame += PAGE;
    return f;
  }

  /** Adds an area [start, end) (page aligned); pages are mapped on first touch. */
  addArea(start: number, end: number, prot: number): void {
    this.removeRange(start, end);
    this.areas.push({ start, end, prot });
    this.areas.sort((a, b) => a.start - b.start);
  }

  private areaAt(linear: number): Area | undefined {
    return this.areas.find((a) => linear >= a.start && linear < a.end);
  }

  /** Maps the page holding `linear` if an area covers it; false if it is not mapped memory. */
  fault(linear: number, write: boolean): boolean {
    linear >>>= 0;
    const area = this.areaAt(linear);
    if (area === undefined) return false;
    if (write && (area.prot & PROT_WRITE) === 0) return false;
    if ((area.prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) === 0) return false;
    const page = (linear & ~(PAGE - 1)) >>> 0;
    if (this.tables.entry(page) & 1) return false;
    this.tables.map(page, this.frame(), { writable: (area.prot & PROT_WRITE) !== 0, user: true });
    return true;
  }

  /** Physical address of a linear address, mapping it if needed (for host-side copies). */
  physical(linear: number, write: boolean): number {
    linear >>>= 0;
    let pte = this.tables.entry(linear);
    if ((pte & 1) === 0) {
      if (!this.fault(linear, false)) throw new HostFault(linear);
      pte = this.tables.entry(linear);
    }
    if (write && (pte & 2) === 0 && !this.isWritableArea(linear)) throw new HostFault(linear);
    return (pte & ~(PAGE - 1)) + (linear & (PAGE - 1));
  }

  private isWritableArea(linear: number): boolean {
    return ((this.areaAt(linear)?.prot ?? 0) & PROT_WRITE) !== 0;
  }

  /** Copies bytes into guest memory (loader and system calls; ignores write protection). */
  write(linear: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const a = (linear + done) >>> 0;
      const n = Math.min(data.length - done, PAGE - (a & (PAGE - 1)));
      const p = this.physical(a, false);
      this.mem.u8.set(data.subarray(done, done + n), p);
      this.cpu.invalidatePhysical(p, n);
      done += n;
    }
  }

  read(linear: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const a = (linear + done) >>> 0;
      const n = Math.min(length - done, PAGE - (a & (PAGE - 1)));
      const p = this.physical(a, false);
      out.set(this.mem.u8.subarray(p, p + n), done);
      done += n;
    }
    return out;
  }

  readCString(linear: number, max = 4096): string {
    const bytes: number[] = [];
    for (let a = linear >>> 0; bytes.length < max; a++) {
      const b = this.mem.u8[this.physical(a, false)];
      if (b === 0) break;
      bytes.push(b);
    }
    return Buffer.from(bytes).toString("utf8");
  }

  /** Finds a free range of `length` bytes below the mmap top. */
  findFree(length: number): number {
    let top = this.mmapTop;
    for (;;) {
      const start = top - length;
      const clash = this.areas.find((a) => a.start < top && a.end > start);
      if (clash === undefined) {
        this.mmapTop = start;
        return start;
      }
      top = clash.start;
    }
  }

  isFree(start: number, end: number): boolean {
    return !this.areas.some((a) => a.start < end && a.end > start);
  }

  /** Unmaps [start, end): areas are cut, frames freed. */
  removeRange(start: number, end: number): void {
    const kept: Area[] = [];
    for (const a of this.areas) {
      if (a.end <= start || a.start >= end) { kept.push(a); continue; }
      if (a.start < start) kept.push({ start: a.start, end: start, prot: a.prot });
      if (a.end > end) kept.push({ start: end, end: a.end, prot: a.prot });
    }
    this.areas = kept;
    for (let p = start; p < end; p += PAGE) {
      const pte = this.tables.entry(p);
      if (pte & 1) {
        this.freeFrames.push(pte & ~(PAGE - 1));
        this.tables.unmap(p);
      }
    }
    this.cpu.flushTlb();
  }

  protect(start: number, end: number, prot: number): boolean {
    if (this.areas.filter((a) => a.start < end && a.end > start).length === 0) return false;
    const pieces: Area[] = [];
    for (const a of this.areas) {
      if (a.end <= start || a.start >= end) { pieces.push(a); continue; }
      if (a.start < start) pieces.push({ start: a.start, end: start, prot: a.prot });
      pieces.push({ start: Math.max(a.start, start), end: Math.min(a.end, end), prot });
      if (a.end > end) pieces.push({ start: end, end: a.end, prot: a.prot });
    }
    this.areas = pieces.sort((a, b) => a.start - b.start);
    for (let p = start; p < end; p += PAGE) {
      const pte = this.tables.entry(p);
      if (pte & 1) {
        this.tables.map(p, pte & ~(PAGE - 1), { writable: (prot & PROT_WRITE) !== 0, user: prot !== 0 });
      }
    }
    this.cpu.flushTlb();
    return true;
  }
}

/** A host-side access (system call argument) to unmapped guest memory: EFAULT. */
export class HostFault extends Error {
  constructor(readonly address: number) {
    super(`bad address 0x${address.toString(16)}`);
  }
}
