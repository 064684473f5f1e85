import type { PhysicalMemory } from "./types.ts";

const P = 1, W = 2, U = 4;

export interface PageTablesOptions {
  /** Physical address of the page directory (4 KiB aligned). */
  directory: number;
  /** Returns the physical address of a fresh 4 KiB frame for a page table. */
  allocate: () => number;
}

/**
 * Builds i386 two-level page tables in physical memory (for tests and tools; the LWK
 * builds its own). Page tables are zeroed when allocated.
 */
export class PageTables {
  readonly directory: number;
  private readonly allocate: () => number;

  constructor(private readonly memory: PhysicalMemory, options: PageTablesOptions) {
    this.directory = options.directory;
    this.allocate = options.allocate;
    this.memory.u8.fill(0, this.directory, this.directory + 4096);
  }

  private view(): DataView {
    const u8 = this.memory.u8;
    return new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  /** Maps one 4 KiB page. */
  map(linear: number, physical: number, rights: { writable: boolean; user: boolean }): void {
    const dv = this.view();
    const pdeAddr = this.directory + (linear >>> 22) * 4;
    let pde = dv.getUint32(pdeAddr, true);
    if ((pde & P) === 0) {
      const table = this.allocate();
      this.memory.u8.fill(0, table, table + 4096);
      pde = table | P | W | U;
      dv.setUint32(pdeAddr, pde, true);
    }
    const pteAddr = (pde & ~0xfff) + ((linear >>> 12) & 0x3ff) * 4;
    const flags = P | (rights.writable ? W : 0) | (rights.user ? U : 0);
    dv.setUint32(pteAddr, ((physical & ~0xfff) | flags) >>> 0, true);
  }

  /** Removes the mapping of one page (the page table stays). */
  unmap(linear: number): void {
    const entry = this.entryAddress(linear);
    if (entry >= 0) this.view().setUint32(entry, 0, true);
  }

  /** The page-table entry of `linear`, or 0 when its table does not exist. */
  entry(linear: number): number {
    const at = this.entryAddress(linear);
    return at < 0 ? 0 : this.view().getUint32(at, true);
  }

  private entryAddress(linear: number): number {
    const pde = this.view().getUint32(this.directory + (linear >>> 22) * 4, true);
    if ((pde & P) === 0) return -1;
    return (pde & ~0xfff) + ((linear >>> 12) & 0x3ff) * 4;
  }

  /** Identity-maps [start, start+length), user and writable. */
  identity(start: number, length: number): void {
    for (let a = start & ~0xfff; a < start + length; a += 4096) this.map(a, a, { writable: true, user: true });
  }
}
