import { pageFault } from "./fault.ts";
import type { PhysicalMemory } from "./types.ts";

const PAGE = 4096;
const PAGE_MASK = 0xfff;
const PTE_P = 1, PTE_W = 2, PTE_U = 4, PTE_A = 0x20, PTE_D = 0x40, PDE_PS = 0x80;

type Access = "read" | "write" | "execute";

/**
 * Linear-to-physical translation and memory access for the core. All accesses are CPL-3
 * (user) accesses. Translations are cached in two direct TLB arrays indexed by linear page
 * number: an entry is (physical page address | 1), 0 meaning "not cached". A write entry is
 * never cached for a page holding compiled code, so that writes to it reach `onCodeWrite`.
 */
export class Mmu {
  u8: Uint8Array = new Uint8Array(0);
  private dv: DataView = new DataView(new ArrayBuffer(0));
  paging = false;
  cr3 = 0;
  pse = false;
  private readonly tlbR = new Int32Array(1 << 20);
  private readonly tlbW = new Int32Array(1 << 20);
  private filled: number[] = [];
  /** One byte per physical page: non-zero when the page holds compiled code. */
  codePages: Uint8Array = new Uint8Array(0);
  /** Called (before the write is done) when the core writes to a page holding code. */
  onCodeWrite: (physPage: number) => void = () => undefined;

  constructor(private readonly memory: PhysicalMemory) {
    this.refresh();
  }

  /** Re-reads the memory view; called at the start of every run. */
  refresh(): void {
    const u8 = this.memory.u8;
    if (u8 === this.u8) return;
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    const pages = Math.ceil(u8.length / PAGE);
    if (pages !== this.codePages.length) {
      const grown = new Uint8Array(pages);
      grown.set(this.codePages.subarray(0, Math.min(pages, this.codePages.length)));
      this.codePages = grown;
    }
  }

  flush(): void {
    for (const vpn of this.filled) {
      this.tlbR[vpn] = 0;
      this.tlbW[vpn] = 0;
    }
    this.filled = [];
  }

  invalidatePage(linear: number): void {
    const vpn = linear >>> 12;
    if (this.pse) {
      const first = vpn & ~0x3ff;
      this.tlbR.fill(0, first, first + 1024);
      this.tlbW.fill(0, first, first + 1024);
    } else {
      this.tlbR[vpn] = 0;
      this.tlbW[vpn] = 0;
    }
  }

  /** Drops cached write permissions to a physical page that now holds code. */
  protectCodePage(physPage: number): void {
    this.codePages[physPage] = 1;
    const entry = (physPage * PAGE) | 1;
    for (const vpn of this.filled) if (this.tlbW[vpn] === entry) this.tlbW[vpn] = 0;
  }

  // ---- translation -------------------------------------------------------------------

  /** Physical address for reading `linear`; fills the read TLB. */
  translateRead(linear: number): number {
    const e = this.tlbR[linear >>> 12];
    if (e !== 0) return (e & ~PAGE_MASK) | (linear & PAGE_MASK);
    return this.fill(linear, "read");
  }

  translateFetch(linear: number): number {
    const e = this.tlbR[linear >>> 12];
    if (e !== 0) return (e & ~PAGE_MASK) | (linear & PAGE_MASK);
    return this.fill(linear, "execute");
  }

  translateWrite(linear: number): number {
    const e = this.tlbW[linear >>> 12];
    if (e !== 0) return (e & ~PAGE_MASK) | (linear & PAGE_MASK);
    return this.fill(linear, "write");
  }

  /** Checks that `length` bytes at `linear` are writable (for multi-part writes). */
  checkWrite(linear: number, length: number): void {
    this.translateWrite(linear);
    const last = (linear + length - 1) | 0;
    if ((last ^ linear) >>> 12 !== 0) this.translateWrite(last & ~PAGE_MASK);
  }

  private fill(linear: number, access: Access): number {
    const vpn = linear >>> 12;
    const frame = this.paging ? this.walk(linear, access) : vpn * PAGE;
    if (frame + PAGE > this.u8.length) throw pageFault(linear, access, true);
    if (access === "write") {
      const page = frame / PAGE;
      if (this.codePages[page] !== 0) {
        this.onCodeWrite(page);
        this.codePages[page] = 0;
      }
      this.tlbW[vpn] = frame | 1;
    }
    if (this.tlbR[vpn] === 0) this.filled.push(vpn);
    this.tlbR[vpn] = frame | 1;
    return frame | (linear & PAGE_MASK);
  }

  /** Two-level i386 page walk for a user access; returns the 4 KiB frame address. */
  private walk(linear: number, access: Access): number {
    const write = access === "write";
    const pdeAddr = (this.cr3 & ~PAGE_MASK) + (linear >>> 22) * 4;
    if (pdeAddr + 4 > this.u8.length) throw pageFault(linear, access, true);
    const pde = this.dv.getInt32(pdeAddr, true);
    if ((pde & PTE_P) === 0) throw pageFault(linear, access, false);
    if (this.pse && (pde & PDE_PS) !== 0) {
      this.checkRights(pde, linear, access);
      this.dv.setInt32(pdeAddr, pde | PTE_A | (write ? PTE_D : 0), true);
      return ((pde & 0xffc00000) >>> 0) + (linear & 0x3ff000);
    }
    const pteAddr = (pde & ~PAGE_MASK) + ((linear >>> 12) & 0x3ff) * 4;
    if (pteAddr + 4 > this.u8.length) throw pageFault(linear, access, true);
    const pte = this.dv.getInt32(pteAddr, true);
    if ((pte & PTE_P) === 0) throw pageFault(linear, access, false);
    this.checkRights(pde & pte, linear, access);
    this.dv.setInt32(pdeAddr, pde | PTE_A, true);
    this.dv.setInt32(pteAddr, pte | PTE_A | (write ? PTE_D : 0), true);
    return (pte & ~PAGE_MASK) >>> 0;
  }

  private checkRights(rights: number, linear: number, access: Access): void {
    if ((rights & PTE_U) === 0 || (access === "write" && (rights & PTE_W) === 0)) {
      throw pageFault(linear, access, true);
    }
  }

  // ---- accesses (values: 8/16-bit unsigned, 32-bit signed) -----------------------------

  r8(a: number): number {
    return this.u8[this.translateRead(a)];
  }

  r16(a: number): number {
    if ((a & PAGE_MASK) !== PAGE_MASK) return this.dv.getUint16(this.translateRead(a), true);
    return this.r8(a) | (this.r8((a + 1) | 0) << 8);
  }

  r32(a: number): number {
    const e = this.tlbR[a >>> 12];
    if (e !== 0 && (a & PAGE_MASK) <= 0xffc) return this.dv.getInt32((e & ~PAGE_MASK) | (a & PAGE_MASK), true);
    if ((a & PAGE_MASK) <= 0xffc) return this.dv.getInt32(this.translateRead(a), true);
    const lo = this.r16(a);
    const hi = this.r16((a + 2) | 0);
    return lo | (hi << 16);
  }

  w8(a: number, v: number): void {
    this.u8[this.translateWrite(a)] = v;
  }

  w16(a: number, v: number): void {
    if ((a & PAGE_MASK) !== PAGE_MASK) {
      this.dv.setUint16(this.translateWrite(a), v & 0xffff, true);
      return;
    }
    const p0 = this.translateWrite(a);
    const p1 = this.translateWrite((a + 1) | 0);
    this.u8[p0] = v;
    this.u8[p1] = v >> 8;
  }

  w32(a: number, v: number): void {
    const e = this.tlbW[a >>> 12];
    if (e !== 0 && (a & PAGE_MASK) <= 0xffc) {
      this.dv.setInt32((e & ~PAGE_MASK) | (a & PAGE_MASK), v, true);
      return;
    }
    if ((a & PAGE_MASK) <= 0xffc) {
      this.dv.setInt32(this.translateWrite(a), v, true);
      return;
    }
    this.checkWrite(a, 4);
    for (let i = 0; i < 4; i++) this.u8[this.translateWrite((a + i) | 0)] = v >> (8 * i);
  }

  /** Reads `n` bytes (for 64/80/128-bit operands) into `out` at `offset`. */
  readBytes(a: number, n: number, out: Uint8Array, offset = 0): void {
    const p = this.translateRead(a);
    if ((a & PAGE_MASK) + n <= PAGE) {
      out.set(this.u8.subarray(p, p + n), offset);
      return;
    }
    for (let i = 0; i < n; i++) out[offset + i] = this.r8((a + i) | 0);
  }

  /** Writes `n` bytes from `src`; all pages are checked before anything is written. */
  writeBytes(a: number, n: number, src: Uint8Array, offset = 0): void {
    this.checkWrite(a, n);
    if ((a & PAGE_MASK) + n <= PAGE) {
      this.u8.set(src.subarray(offset, offset + n), this.translateWrite(a));
      return;
    }
    for (let i = 0; i < n; i++) this.u8[this.translateWrite((a + i) | 0)] = src[offset + i];
  }

  /** Byte fetch for the decoder. */
  fetch8(a: number): number {
    return this.u8[this.translateFetch(a)];
  }
}
