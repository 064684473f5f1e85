// An i386 two-level page table in LWK memory (McKernel's arch/x86/kernel/memory.c): a page
// directory of 1024 entries, each naming a page table of 1024 entries, 4 KiB pages only.
// The cores translate user addresses through it, and mcctrl walks it (pgdir in the
// program_load_desc) to mirror the process into mcexec. Every accessible user page is
// populated when it is mapped; a page made PROT_NONE keeps its frame in a not-present entry
// marked PTE_OWNED.

import { ihk_mc_alloc_pages, ihk_mc_free_pages } from "./mem.ts";
import { phys_read32, phys_write32, phys_zero_page } from "./phys.ts";

export const PTE_P = 0x001;
export const PTE_W = 0x002;
export const PTE_U = 0x004;
/** Software bit (AVL): the frame belongs to the process even when the entry is not present. */
export const PTE_OWNED = 0x200;
const PDE_FLAGS = PTE_P | PTE_W | PTE_U;
const FRAME = 0xfffff000;

const pdeIndex = (va: number): number => va >>> 22;
const pteIndex = (va: number): number => (va >>> 12) & 0x3ff;

export class page_table {
  private constructor(readonly pgdir: number) {}

  /** A new empty table, or undefined when the LWK is out of memory. */
  static create(): page_table | undefined {
    const pgdir = ihk_mc_alloc_pages(1);
    if (pgdir === undefined) return undefined;
    phys_zero_page(pgdir);
    return new page_table(pgdir);
  }

  /** The entry for va (0 when there is none). */
  lookup(va: number): number {
    const pde = phys_read32(this.pgdir + pdeIndex(va) * 4);
    if (!(pde & PTE_P)) return 0;
    return phys_read32(((pde & FRAME) >>> 0) + pteIndex(va) * 4);
  }

  /** Sets the entry for va, adding a page table when needed; false when out of memory. */
  set(va: number, pte: number): boolean {
    const pdeAt = this.pgdir + pdeIndex(va) * 4;
    let pde = phys_read32(pdeAt);
    if (!(pde & PTE_P)) {
      const pt = ihk_mc_alloc_pages(1);
      if (pt === undefined) return false;
      phys_zero_page(pt);
      pde = pt | PDE_FLAGS;
      phys_write32(pdeAt, pde);
    }
    phys_write32(((pde & FRAME) >>> 0) + pteIndex(va) * 4, pte);
    return true;
  }

  /** Removes the entry for va; returns what it was. */
  clear(va: number): number {
    const pde = phys_read32(this.pgdir + pdeIndex(va) * 4);
    if (!(pde & PTE_P)) return 0;
    const at = ((pde & FRAME) >>> 0) + pteIndex(va) * 4;
    const old = phys_read32(at);
    phys_write32(at, 0);
    return old;
  }

  /** Gives back the directory and the page tables (not the frames they name). */
  destroy(): void {
    for (let i = 0; i < 1024; i++) {
      const pde = phys_read32(this.pgdir + i * 4);
      if (pde & PTE_P) ihk_mc_free_pages((pde & FRAME) >>> 0, 1);
    }
    ihk_mc_free_pages(this.pgdir, 1);
  }
}

export function pte_frame(pte: number): number {
  return (pte & FRAME) >>> 0;
}

/** True when the entry names a frame of the process (present or PROT_NONE). */
export function pte_owned(pte: number): boolean {
  return (pte & (PTE_P | PTE_OWNED)) !== 0;
}

