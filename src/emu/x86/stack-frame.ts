import type { Mmu } from "./mmu.ts";

/**
 * ENTER with 32-bit operand size (Intel SDM pseudo-code). Every page it touches is checked
 * first, so a fault leaves memory and registers unchanged.
 */
export function enter(r: Int32Array, m: Mmu, size: number, level: number): void {
  const frameTemp = (r[4] - 4) | 0;
  const bottom = (frameTemp - 4 * Math.max(0, level - 1) - (level > 0 ? 4 : 0) - size) | 0;
  m.checkWrite(bottom, (r[4] - bottom) | 0);
  for (let i = 1; i < level; i++) m.r32((r[5] - 4 * i) | 0);
  // Reads and pushes interleave as on hardware: a read may see a value just pushed.
  m.w32(frameTemp, r[5]);
  let sp = frameTemp;
  for (let i = 1; i < level; i++) {
    const v = m.r32((r[5] - 4 * i) | 0);
    sp = (sp - 4) | 0;
    m.w32(sp, v);
  }
  if (level > 0) { sp = (sp - 4) | 0; m.w32(sp, frameTemp); }
  r[5] = frameTemp;
  r[4] = (sp - size) | 0;
}
