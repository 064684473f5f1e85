import { generalProtection } from "./fault.ts";
import { float80Low, readFloat80, writeFloat80 } from "./float80.ts";
import type { X86Core } from "./cpu.ts";
import type { Mmu } from "./mmu.ts";

/** MXCSR bits that may be set (DAZ included). */
const MXCSR_MASK = 0xffff;

export function ldmxcsr(c: X86Core, v: number): void {
  if ((v & ~MXCSR_MASK) !== 0) throw generalProtection(0);
  c.mxcsr = v;
}

/** fxsave m512byte (the legacy 512-byte layout of the Intel SDM). */
export function fxsave(c: X86Core, m: Mmu, a: number): void {
  if ((a & 15) !== 0) throw generalProtection(0);
  const img = new Uint8Array(512);
  const dv = new DataView(img.buffer);
  const f = c.fpu;
  dv.setUint16(0, f.control, true);
  dv.setUint16(2, f.status, true);
  img[4] = ~f.empty & 0xff;
  dv.setUint32(24, c.mxcsr, true);
  dv.setUint32(28, MXCSR_MASK, true);
  for (let i = 0; i < 8; i++) {
    const p = (f.top + i) & 7;
    if ((f.mmxMask >> p) & 1) {
      dv.setInt32(32 + 16 * i, f.mmx[2 * p], true);
      dv.setInt32(36 + 16 * i, f.mmx[2 * p + 1], true);
      dv.setUint16(40 + 16 * i, 0xffff, true);
    } else {
      writeFloat80(f.regs[p], img, 32 + 16 * i, f.lows[p]);
    }
  }
  for (let i = 0; i < 32; i++) dv.setInt32(160 + 4 * i, c.xmm[i], true);
  m.writeBytes(a, 512, img);
}

export function fxrstor(c: X86Core, m: Mmu, a: number): void {
  if ((a & 15) !== 0) throw generalProtection(0);
  const img = new Uint8Array(512);
  m.readBytes(a, 512, img);
  const dv = new DataView(img.buffer);
  const mxcsr = dv.getUint32(24, true);
  if ((mxcsr & ~MXCSR_MASK) !== 0) throw generalProtection(0);
  const f = c.fpu;
  f.control = dv.getUint16(0, true);
  f.status = dv.getUint16(2, true);
  f.empty = ~img[4] & 0xff;
  f.mmxMask = 0;
  for (let i = 0; i < 8; i++) {
    const p = (f.top + i) & 7;
    f.regs[p] = readFloat80(img, 32 + 16 * i);
    f.lows[p] = float80Low;
    f.mmx[2 * p] = dv.getInt32(32 + 16 * i, true);
    f.mmx[2 * p + 1] = dv.getInt32(36 + 16 * i, true);
  }
  c.mxcsr = mxcsr;
  for (let i = 0; i < 32; i++) c.xmm[i] = dv.getInt32(160 + 4 * i, true);
}
