import { DF, SUB, sizeCode, type LazyFlags } from "./flags.ts";
import type { Mmu } from "./mmu.ts";

/**
 * String instructions. `rep` is 0 (none), 0xf3 (rep/repe) or 0xf2 (repne; for movs, stos,
 * lods it repeats like rep). Every iteration commits ECX/ESI/EDI before the next one, so a
 * fault mid-way leaves them as hardware does and re-executing resumes. `srcBase` is the
 * base of the source segment (DS or an override); ES (destination) is flat.
 */

const read = (m: Mmu, size: number, a: number): number => (size === 1 ? m.r8(a) : size === 2 ? m.r16(a) : m.r32(a));

function write(m: Mmu, size: number, a: number, v: number): void {
  if (size === 1) m.w8(a, v);
  else if (size === 2) m.w16(a, v);
  else m.w32(a, v);
}

const stepOf = (c: LazyFlags, size: number): number => ((c.flagBits & DF) !== 0 ? -size : size);

/** Elements that fit before either address leaves its page (0 if one straddles). */
function elementsInPages(a: number, b: number, size: number): number {
  return Math.min(Math.floor((4096 - (a & 0xfff)) / size), Math.floor((4096 - (b & 0xfff)) / size));
}

export function movs(c: LazyFlags, r: Int32Array, m: Mmu, size: number, rep: number, srcBase: number): void {
  const step = stepOf(c, size);
  if (rep === 0) {
    const v = read(m, size, (r[6] + srcBase) | 0);
    write(m, size, r[7], v);
    r[6] = (r[6] + step) | 0;
    r[7] = (r[7] + step) | 0;
    return;
  }
  while (r[1] !== 0) {
    const src = (r[6] + srcBase) | 0, dst = r[7];
    const n = step > 0 ? Math.min(r[1] >>> 0, elementsInPages(src, dst, size)) : 0;
    if (n > 1) {
      const ps = m.translateRead(src), pd = m.translateWrite(dst);
      const bytes = n * size;
      if (pd > ps && pd < ps + bytes) for (let i = 0; i < bytes; i++) m.u8[pd + i] = m.u8[ps + i];
      else m.u8.copyWithin(pd, ps, ps + bytes);
      r[6] = (r[6] + bytes) | 0;
      r[7] = (r[7] + bytes) | 0;
      r[1] = (r[1] - n) | 0;
      continue;
    }
    write(m, size, dst, read(m, size, src));
    r[6] = (r[6] + step) | 0;
    r[7] = (r[7] + step) | 0;
    r[1] = (r[1] - 1) | 0;
  }
}

export function stos(c: LazyFlags, r: Int32Array, m: Mmu, size: number, rep: number): void {
  const step = stepOf(c, size);
  const v = r[0];
  if (rep === 0) {
    write(m, size, r[7], v);
    r[7] = (r[7] + step) | 0;
    return;
  }
  while (r[1] !== 0) {
    const dst = r[7];
    const n = step > 0 ? Math.min(r[1] >>> 0, Math.floor((4096 - (dst & 0xfff)) / size)) : 0;
    if (n > 1) {
      const pd = m.translateWrite(dst);
      if (size === 1) m.u8.fill(v & 0xff, pd, pd + n);
      else for (let i = 0; i < n * size; i++) m.u8[pd + i] = v >> (8 * (i % size));
      r[7] = (r[7] + n * size) | 0;
      r[1] = (r[1] - n) | 0;
      continue;
    }
    write(m, size, dst, v);
    r[7] = (r[7] + step) | 0;
    r[1] = (r[1] - 1) | 0;
  }
}

function setAccumulator(r: Int32Array, size: number, v: number): void {
  if (size === 4) r[0] = v;
  else if (size === 2) r[0] = (r[0] & -65536) | v;
  else r[0] = (r[0] & -256) | v;
}

export function lods(c: LazyFlags, r: Int32Array, m: Mmu, size: number, rep: number, srcBase: number): void {
  const step = stepOf(c, size);
  if (rep === 0) {
    setAccumulator(r, size, read(m, size, (r[6] + srcBase) | 0));
    r[6] = (r[6] + step) | 0;
    return;
  }
  while (r[1] !== 0) {
    setAccumulator(r, size, read(m, size, (r[6] + srcBase) | 0));
    r[6] = (r[6] + step) | 0;
    r[1] = (r[1] - 1) | 0;
  }
}

function recordCompare(c: LazyFlags, size: number, x: number, y: number): void {
  c.fop = SUB | sizeCode(size);
  c.fa = x;
  c.fb = y;
  c.fr = (x - y) | 0;
}

/** Whether a repe/repne loop stops after an iteration (ZF tested after ECX is decremented). */
const stops = (c: LazyFlags, rep: number): boolean => (rep === 0xf3 ? !c.zf() : c.zf());

export function cmps(c: LazyFlags, r: Int32Array, m: Mmu, size: number, rep: number, srcBase: number): void {
  const step = stepOf(c, size);
  const once = (): void => {
    const x = read(m, size, (r[6] + srcBase) | 0), y = read(m, size, r[7]);
    recordCompare(c, size, x, y);
    r[6] = (r[6] + step) | 0;
    r[7] = (r[7] + step) | 0;
  };
  if (rep === 0) return once();
  while (r[1] !== 0) {
    once();
    r[1] = (r[1] - 1) | 0;
    if (stops(c, rep)) return;
  }
}

export function scas(c: LazyFlags, r: Int32Array, m: Mmu, size: number, rep: number): void {
  const step = stepOf(c, size);
  const acc = size === 4 ? r[0] : r[0] & (size === 2 ? 0xffff : 0xff);
  const once = (): void => {
    recordCompare(c, size, acc, read(m, size, r[7]));
    r[7] = (r[7] + step) | 0;
  };
  if (rep === 0) return once();
  while (r[1] !== 0) {
    once();
    r[1] = (r[1] - 1) | 0;
    if (stops(c, rep)) return;
  }
}
