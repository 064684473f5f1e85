/** Exact (BigInt) values of x87 registers held as two doubles. */
const bits = new Float64Array(1);
const bitsHi = new Int32Array(bits.buffer, 4, 1);
const bitsLo = new Int32Array(bits.buffer, 0, 1);

/** A finite double as an exact integer times a power of two: v = mantissa · 2^scale. */
function exactParts(v: number): { mantissa: bigint; scale: number } {
  bits[0] = v;
  const field = (bitsHi[0] >>> 20) & 0x7ff;
  const fraction = (BigInt(bitsHi[0] & 0xfffff) << 32n) | BigInt(bitsLo[0] >>> 0);
  const magnitude = field === 0 ? fraction : fraction | (1n << 52n);
  return { mantissa: bitsHi[0] < 0 ? -magnitude : magnitude, scale: (field === 0 ? 1 : field) - 1075 };
}

/** The exact sum v + lo of a register's two parts, as value · 2^-fractionBits (fractionBits ≥ 0). */
export function exactRegister(v: number, lo: number): { value: bigint; fractionBits: number } {
  const a = exactParts(v), b = exactParts(lo);
  const scale = Math.min(a.scale, b.scale, 0);
  const value = (a.mantissa << BigInt(a.scale - scale)) + (b.mantissa << BigInt(b.scale - scale));
  return { value, fractionBits: -scale };
}
