/**
 * Conversion between the x87 80-bit extended format (sign, 15-bit exponent with bias
 * 16383, 64-bit significand with an explicit integer bit) and the core's register pairs
 * hi + lo of doubles. Values within the double range convert exactly; others round to the
 * nearest double (out of range: ±Inf or ±0).
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Low part of the value last read by readFloat80 (the bits beyond the nearest double). */
export let float80Low = 0;

export function writeFloat80(v: number, out: Uint8Array, at: number, low = 0): void {
  if (low !== 0 && Number.isFinite(v) && v !== 0) {
    writeExact(v, low, out, at);
    return;
  }
  f64[0] = v;
  const lo = u32[0], hi = u32[1];
  const sign = hi >>> 31;
  const exp = (hi >>> 20) & 0x7ff;
  const frac = hi & 0xfffff;
  let mantHi: number, mantLo: number, e: number;
  if (exp === 0x7ff) {
    e = 0x7fff;
    mantHi = (frac !== 0 || lo !== 0) ? 0xc0000000 | (frac << 11) | (lo >>> 21) : 0x80000000;
    mantLo = (frac !== 0 || lo !== 0) ? (lo << 11) >>> 0 : 0;
  } else if (exp === 0 && frac === 0 && lo === 0) {
    e = 0; mantHi = 0; mantLo = 0;
  } else if (exp === 0) {
    const shift = Math.clz32(frac) !== 32 ? Math.clz32(frac) - 11 : 21 + Math.clz32(lo);
    e = 16383 - 1022 - shift;
    const big = (BigInt(frac) << 32n | BigInt(lo)) << BigInt(11 + shift);
    mantHi = Number((big >> 32n) & 0xffffffffn);
    mantLo = Number(big & 0xffffffffn);
  } else {
    e = exp - 1023 + 16383;
    mantHi = (0x80000000 | (frac << 11) | (lo >>> 21)) >>> 0;
    mantLo = (lo << 11) >>> 0;
  }
  for (let i = 0; i < 4; i++) out[at + i] = (mantLo >>> (8 * i)) & 0xff;
  for (let i = 0; i < 4; i++) out[at + 4 + i] = (mantHi >>> (8 * i)) & 0xff;
  out[at + 8] = e & 0xff;
  out[at + 9] = ((e >> 8) & 0x7f) | (sign << 7);
}

/** Exact binary value of a finite double as mantissa·2^exponent. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const e = (u32[1] >>> 20) & 0x7ff;
  let m = (BigInt(u32[1] & 0xfffff) << 32n) | BigInt(u32[0]);
  if (e !== 0) m |= 1n << 52n;
  if (u32[1] >>> 31) m = -m;
  return [m, (e === 0 ? 1 : e) - 1075];
}

/** hi + lo (a 64-bit-significand value) in the 80-bit format. */
function writeExact(hi: number, lo: number, out: Uint8Array, at: number): void {
  const [mh, eh] = decompose(hi), [ml, el] = decompose(lo);
  const base = Math.min(eh, el);
  let m = (mh << BigInt(eh - base)) + (ml << BigInt(el - base));
  const negative = m < 0n;
  if (negative) m = -m;
  const bits = m.toString(2).length;
  const shift = bits - 64;
  m = shift >= 0 ? m >> BigInt(shift) : m << BigInt(-shift);
  const e = base + shift + 63 + 16383;
  for (let i = 0; i < 8; i++) out[at + i] = Number((m >> BigInt(8 * i)) & 0xffn);
  out[at + 8] = e & 0xff;
  out[at + 9] = ((e >> 8) & 0x7f) | (negative ? 0x80 : 0);
}

export function readFloat80(src: Uint8Array, at: number): number {
  float80Low = 0;
  let mantLo = 0, mantHi = 0;
  for (let i = 3; i >= 0; i--) mantLo = mantLo * 256 + src[at + i];
  for (let i = 3; i >= 0; i--) mantHi = mantHi * 256 + src[at + 4 + i];
  const se = src[at + 8] | (src[at + 9] << 8);
  const sign = se & 0x8000 ? -1 : 1;
  const e = se & 0x7fff;
  if (e === 0x7fff) {
    if ((mantHi & 0x7fffffff) === 0 && mantLo === 0) return sign * Infinity;
    u32[1] = (sign < 0 ? 0x80000000 : 0) | 0x7ff80000 | ((mantHi >>> 11) & 0x7ffff);
    u32[0] = ((mantHi << 21) | (mantLo >>> 11)) >>> 0;
    return f64[0];
  }
  const mant = mantHi * 4294967296 + mantLo;
  const k = (e === 0 ? 1 : e) - 16383 - 63;
  const half = Math.trunc(k / 2);
  const rest = Number(((BigInt(mantHi) << 32n) | BigInt(mantLo)) - BigInt(mant));
  if (rest !== 0 && k > -1000 && k < 900) float80Low = sign * rest * Math.pow(2, k);
  return sign * mant * Math.pow(2, half) * Math.pow(2, k - half);
}
