import { AF, CF, PARITY, PF, SF, ZF, type LazyFlags } from "./flags.ts";

/** SF, ZF, PF of an 8-bit result. */
function szp(v: number): number {
  return (v & 0x80 ? SF : 0) | (v === 0 ? ZF : 0) | (PARITY[v] & PF);
}

/** daa (27), das (2f), aaa (37), aas (3f), following the Intel SDM pseudo-code. */
export function bcd(c: LazyFlags, r: Int32Array, op: number): void {
  const al = r[0] & 0xff;
  const cf = c.cf(), af = c.af();
  let ax = r[0] & 0xffff;
  let flags: number;
  if (op === 0x27 || op === 0x2f) {
    const sign = op === 0x27 ? 1 : -1;
    let v = al, newCf = 0, newAf = 0;
    if ((al & 0xf) > 9 || af) {
      const t = v + 6 * sign;
      newCf = cf | (t < 0 || t > 0xff ? 1 : 0);
      v = t & 0xff;
      newAf = AF;
    }
    if (al > 0x99 || cf) {
      v = (v + 0x60 * sign) & 0xff;
      newCf = 1;
    }
    ax = (ax & 0xff00) | v;
    flags = szp(v) | newCf | newAf;
  } else {
    const adjust = (al & 0xf) > 9 || af;
    if (adjust) ax = op === 0x37 ? ax + 0x106 : (ax - 6 - 0x100) & 0xffff;
    ax = (ax & 0xff00) | (ax & 0x0f);
    flags = adjust ? AF | CF : 0;
    flags |= szp(ax & 0xff);
  }
  r[0] = (r[0] & -65536) | (ax & 0xffff);
  c.setArith(flags);
}

export function aam(c: LazyFlags, r: Int32Array, base: number): void {
  const al = r[0] & 0xff;
  const lo = al % base;
  r[0] = (r[0] & -65536) | (Math.floor(al / base) << 8) | lo;
  c.setArith(szp(lo));
}

export function aad(c: LazyFlags, r: Int32Array, base: number): void {
  const al = ((r[0] & 0xff) + ((r[0] >> 8) & 0xff) * base) & 0xff;
  r[0] = (r[0] & -65536) | al;
  c.setArith(szp(al));
}
