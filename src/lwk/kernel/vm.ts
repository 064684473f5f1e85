// A process's address space (McKernel's struct process_vm and its vm_range list): the page
// table and the ranges of user memory with their protection. Every accessible page of a
// range is populated when the range is created (mcctrl's mirror of the address space cannot
// fault pages in), so a range exists only when all its frames could be allocated; PROT_NONE
// pages (reservations, guard pages) get their frame when mprotect opens them. Removing or
// downgrading mappings bumps vm_gen (mcctrl drops its stale mirror entries when it sees a
// newer one) and shoots down the TLB of every core that has the table loaded.

import { MCK_USER } from "../../abi/mcctrl.ts";
import { ihk_mc, ihk_mc_hwid } from "./ihk_mc.ts";
import { ihk_mc_alloc_pages, ihk_mc_free_pages } from "./mem.ts";
import { PAGE_SIZE } from "./page_alloc.ts";
import { page_table, pte_frame, pte_owned, PTE_OWNED, PTE_P, PTE_U, PTE_W } from "./page_table.ts";
import { phys_map, phys_zero_page } from "./phys.ts";

export const PROT_READ = 1;
export const PROT_WRITE = 2;
const PROT_EXEC = 4;
export const PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC;

type vm_range_kind = "image" | "heap" | "stack" | "mmap";

interface vm_range {
  start: number;
  end: number;
  prot: number;
  kind: vm_range_kind;
}

export const USER_START: number = MCK_USER.START;
export const USER_END: number = MCK_USER.END;

export function page_align_up(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

export function page_align_down(n: number): number {
  return Math.floor(n / PAGE_SIZE) * PAGE_SIZE;
}

function pte_of(frame: number, prot: number): number {
  if (prot === 0) return frame | PTE_OWNED;
  return frame | PTE_OWNED | PTE_P | PTE_U | (prot & PROT_WRITE ? PTE_W : 0);
}

export class process_vm {
  /** Sorted, non-overlapping. */
  ranges: vm_range[] = [];
  vm_gen = 0;
  brk_start = 0;
  brk = 0;
  /** Top-down mmap allocations start below this address. */
  mmap_base = USER_END;
  /** Hardware ids of the CPUs whose core translates through this table. */
  readonly loaded_on = new Set<number>();

  private constructor(readonly pt: page_table) {}

  static create(): process_vm | undefined {
    const pt = page_table.create();
    return pt && new process_vm(pt);
  }

  get pgdir(): number {
    return this.pt.pgdir;
  }

  /** True when [start, end) is inside user space and touches no range. */
  is_free(start: number, end: number): boolean {
    if (start < USER_START || end > USER_END || end <= start) return false;
    return !this.ranges.some((r) => r.start < end && start < r.end);
  }

  /** True when every page of [start, end) belongs to some range. */
  is_mapped(start: number, end: number): boolean {
    let at = start;
    for (const r of this.ranges) {
      if (r.end <= at) continue;
      if (r.start > at) return false;
      at = r.end;
      if (at >= end) return true;
    }
    return at >= end;
  }

  range_at(va: number): vm_range | undefined {
    return this.ranges.find((r) => r.start <= va && va < r.end);
  }

  /** A free gap of len bytes: top-down below mmap_base first, as Linux's legacy-free layout does. */
  find_free(len: number): number | undefined {
    let top = this.mmap_base;
    for (let i = this.ranges.length - 1; i >= -1; i--) {
      const r = this.ranges[i];
      if (r && r.start >= top) continue;
      const low = r ? r.end : USER_START;
      if (low <= top && top - low >= len) return top - len;
      if (r) top = r.start;
    }
    let start = this.mmap_base;
    for (const r of this.ranges) {
      if (r.end <= start) continue;
      if (r.start - start >= len) return start;
      start = Math.max(start, r.end);
    }
    return USER_END - start >= len ? start : undefined;
  }

  /** Maps [start, end) (page aligned, free), populated with zeroed frames unless PROT_NONE;
   * false when out of memory (nothing is left mapped then). */
  map(start: number, end: number, prot: number, kind: vm_range_kind): boolean {
    if (prot !== 0 && !this.populate(start, end, prot)) {
      this.release_frames(start, end);
      return false;
    }
    this.insert({ start, end, prot, kind });
    return true;
  }

  /** Gives every page of [start, end) that has no frame a zeroed one; false when out of memory.
   * Frames mostly come in physically contiguous runs: each run is zeroed (and dropped from the
   * cores' code caches) in one go. */
  private populate(start: number, end: number, prot: number): boolean {
    const hal = ihk_mc();
    let runStart = 0;
    let runEnd = 0;
    const flushRun = (): void => {
      if (runEnd > runStart) {
        phys_map(runStart, runEnd - runStart).fill(0);
        hal.ihk_mc_invalidate_code(runStart, runEnd - runStart);
      }
      runStart = runEnd = 0;
    };
    for (let va = start; va < end; va += PAGE_SIZE) {
      if (pte_owned(this.pt.lookup(va))) continue;
      const frame = ihk_mc_alloc_pages(1);
      if (frame === undefined || !this.pt.set(va, pte_of(frame, prot))) {
        if (frame !== undefined) ihk_mc_free_pages(frame, 1);
        flushRun();
        return false;
      }
      if (frame !== runEnd) {
        flushRun();
        runStart = frame;
      }
      runEnd = frame + PAGE_SIZE;
    }
    flushRun();
    return true;
  }

  /** Removes every mapping in [start, end) (page aligned) and frees its frames. */
  unmap(start: number, end: number): void {
    const pieces = this.cut(start, end);
    if (pieces.length === 0) return;
    for (const p of pieces) this.release_frames(p.start, p.end);
    this.changed();
  }

  /** Changes the protection of [start, end); false when part of it is not mapped or its
   * first access needs frames the LWK does not have. */
  protect(start: number, end: number, prot: number): boolean {
    if (!this.is_mapped(start, end)) return false;
    // Frames first (not present yet), so that running out of memory changes nothing visible.
    if (prot !== 0 && !this.populate(start, end, 0)) return false;
    const pieces = this.cut(start, end);
    for (const piece of pieces) this.insert({ ...piece, prot });
    for (let va = start; va < end; va += PAGE_SIZE) {
      const pte = this.pt.lookup(va);
      if (pte_owned(pte)) this.pt.set(va, pte_of(pte_frame(pte), prot));
    }
    this.changed();
    return true;
  }

  /** Moves the frames of [from, from + len) to [to, to + len) (to is free) without copying;
   * false when a page table for the destination cannot be allocated (nothing moved). */
  move(from: number, to: number, len: number): boolean {
    for (let off = 0; off < len; off += PAGE_SIZE) if (!this.pt.set(to + off, 0)) return false;
    const pieces = this.cut(from, from + len);
    for (let off = 0; off < len; off += PAGE_SIZE) {
      const pte = this.pt.clear(from + off);
      this.pt.set(to + off, pte);
    }
    for (const p of pieces) this.insert({ ...p, start: p.start - from + to, end: p.end - from + to });
    this.changed();
    return true;
  }

  /** Zeroes the frames of [start, end) (MADV_DONTNEED on private memory). */
  zero(start: number, end: number): void {
    for (let va = start; va < end; va += PAGE_SIZE) {
      const pte = this.pt.lookup(va);
      if (pte_owned(pte)) phys_zero_page(pte_frame(pte));
    }
  }

  /** Physical address of va when the page is present (and writable, if asked). */
  translate(va: number, write: boolean): number | undefined {
    const pte = this.pt.lookup(va);
    if (!(pte & PTE_P) || !(pte & PTE_U) || (write && !(pte & PTE_W))) return undefined;
    return pte_frame(pte) + (va & (PAGE_SIZE - 1));
  }

  /** Frees every frame and the table itself (the process is gone). */
  destroy(): void {
    for (const r of this.ranges) this.release_frames(r.start, r.end);
    this.ranges = [];
    this.pt.destroy();
  }

  private release_frames(start: number, end: number): void {
    for (let va = start; va < end; va += PAGE_SIZE) {
      const pte = this.pt.clear(va);
      if (pte_owned(pte)) ihk_mc_free_pages(pte_frame(pte), 1);
    }
  }

  /** Takes [start, end) out of the range list; returns the pieces that were inside it. */
  private cut(start: number, end: number): vm_range[] {
    const kept: vm_range[] = [];
    const inside: vm_range[] = [];
    for (const r of this.ranges) {
      if (r.end <= start || r.start >= end) {
        kept.push(r);
        continue;
      }
      if (r.start < start) kept.push({ ...r, end: start });
      if (r.end > end) kept.push({ ...r, start: end });
      inside.push({ ...r, start: Math.max(r.start, start), end: Math.min(r.end, end) });
    }
    this.ranges = kept.sort((a, b) => a.start - b.start);
    return inside;
  }

  /** Adds a range, merging it with neighbours of the same kind and protection. */
  private insert(range: vm_range): void {
    const i = this.ranges.findIndex((r) => r.start >= range.end);
    const at = i === -1 ? this.ranges.length : i;
    this.ranges.splice(at, 0, range);
    const next = this.ranges[at + 1];
    if (next && next.start === range.end && next.prot === range.prot && next.kind === range.kind) {
      range.end = next.end;
      this.ranges.splice(at + 1, 1);
    }
    const prev = this.ranges[at - 1];
    if (prev && prev.end === range.start && prev.prot === range.prot && prev.kind === range.kind) {
      prev.end = range.end;
      this.ranges.splice(at, 1);
    }
  }

  /** Mappings went away or changed: newer generation for mcctrl, TLB shootdown for the cores. */
  private changed(): void {
    this.vm_gen = (this.vm_gen + 1) >>> 0;
    const hal = ihk_mc();
    const self = ihk_mc_hwid();
    for (const hwId of this.loaded_on) {
      if (hwId === self) hal.ihk_mc_get_core().flushTlb();
      else hal.ihk_mc_interrupt_cpu(hwId, () => hal.ihk_mc_get_core().flushTlb());
    }
  }
}
