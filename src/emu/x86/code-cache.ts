import { buildBlock, MAX_BLOCK_INSNS } from "./block-compiler.ts";
import type { X86Core } from "./cpu.ts";
import type { Helpers } from "./helpers.ts";
import type { Mmu } from "./mmu.ts";
import type { OpcodeTables } from "./opcode-table.ts";

export type BlockFn = (c: X86Core, r: Int32Array, m: Mmu, h: Helpers) => void;

export interface Block {
  fn: BlockFn;
  /** Linear address of the first instruction. */
  eip: number;
  /** Physical address of the first instruction. */
  phys: number;
  /** Physical page of the block's last bytes when they lie on the next page, else -1. */
  phys2: number;
  starts: number[];
  count: number;
  /** Runs as a loop (see BlockSource.loops). */
  loops: boolean;
  valid: boolean;
}

const VCACHE_BITS = 14;
const VCACHE_MASK = (1 << VCACHE_BITS) - 1;

/**
 * Compiled blocks, cached by physical address (so that they survive address-space
 * switches) with a direct-mapped front cache by linear eip (cleared when translations
 * change). Blocks are registered per physical page so that a write to the page, by the
 * core or the board, invalidates them.
 */
export class CodeCache {
  private readonly byPhys = new Map<number, Block>();
  private readonly singles = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  private readonly front: (Block | undefined)[] = new Array<Block | undefined>(1 << VCACHE_BITS).fill(undefined);
  /** Blocks compiled so far (statistics). */
  compiled = 0;

  constructor(private readonly mmu: Mmu, private readonly tables: OpcodeTables) {
    mmu.onCodeWrite = (page) => this.invalidatePage(page);
  }

  lookup(eip: number): Block {
    const i = eip & VCACHE_MASK;
    const hit = this.front[i];
    if (hit !== undefined && hit.eip === eip && hit.valid) return hit;
    const b = this.find(this.byPhys, eip, MAX_BLOCK_INSNS);
    this.front[i] = b;
    return b;
  }

  /** A one-instruction block, for running the last instructions of a budget exactly. */
  lookupSingle(eip: number): Block {
    return this.find(this.singles, eip, 1);
  }

  private find(map: Map<number, Block>, eip: number, maxInsns: number): Block {
    const phys = this.mmu.translateFetch(eip);
    const known = map.get(phys);
    if (known !== undefined && known.eip === eip && (known.phys2 < 0 || known.phys2 === this.secondPage(eip))) return known;
    const b = this.compile(eip, phys, maxInsns);
    map.set(phys, b);
    return b;
  }

  private secondPage(eip: number): number {
    return this.mmu.translateFetch(((eip | 0xfff) + 1) | 0) >>> 12;
  }

  private compile(eip: number, phys: number, maxInsns: number): Block {
    const src = buildBlock((a) => this.mmu.fetch8(a), eip, maxInsns, this.tables);
    const fn = new Function("c", "r", "m", "h", `"use strict";${src.source}`) as BlockFn;
    const crosses = ((src.end - 1) ^ eip) >>> 12 !== 0;
    const b: Block = {
      fn, eip, phys, phys2: crosses ? this.secondPage(eip) : -1,
      starts: src.starts, count: src.starts.length, loops: src.loops, valid: true,
    };
    this.register(phys >>> 12, b);
    if (b.phys2 >= 0) this.register(b.phys2, b);
    this.compiled++;
    return b;
  }

  private register(page: number, b: Block): void {
    const list = this.byPage.get(page);
    if (list === undefined) {
      this.byPage.set(page, [b]);
      this.mmu.protectCodePage(page);
    } else {
      list.push(b);
    }
  }

  invalidatePage(page: number): void {
    const list = this.byPage.get(page);
    if (list === undefined) return;
    this.byPage.delete(page);
    this.mmu.codePages[page] = 0;
    for (const b of list) {
      b.valid = false;
      if (this.byPhys.get(b.phys) === b) this.byPhys.delete(b.phys);
      if (this.singles.get(b.phys) === b) this.singles.delete(b.phys);
    }
  }

  invalidatePhysical(start: number, length: number): void {
    if (length <= 0) return;
    const first = start >>> 12;
    const last = (start + length - 1) >>> 12;
    if (last - first > this.byPage.size) {
      for (const page of [...this.byPage.keys()]) if (page >= first && page <= last) this.invalidatePage(page);
      return;
    }
    for (let p = first; p <= last; p++) this.invalidatePage(p);
  }

  /** Forgets linear-address lookups (after any change of translations). */
  flushLinear(): void {
    this.front.fill(undefined);
  }
}
