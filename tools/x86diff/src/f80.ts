/**
 * 80-bit extended-precision images (x87 registers) to and from JS doubles.
 *
 * The core holds x87 registers as doubles, so its values are compared with the native
 * register rounded to double. When the native register lies exactly halfway between two
 * doubles, a later rounding to double (what a store does) is a second rounding, and the
 * single rounding the core performs may legitimately land on either neighbour: `doubleCandidates`
 * returns both in that case, one value otherwise.
 */

const SIGN = 0x8000;
const EXP_MASK = 0x7fff;
const BIAS80 = 16383;

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

function doubleFromBits(bits: bigint): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, bits);
  return v.getFloat64(0);
}

export function doubleBits(x: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
}

function readF80(bytes: Uint8Array): { sign: boolean; exp: number; mant: bigint } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, 10);
  const mant = v.getBigUint64(0, true);
  const se = v.getUint16(8, true);
  return { sign: (se & SIGN) !== 0, exp: se & EXP_MASK, mant };
}

/** The 80-bit image of a double (exact: every double is an extended value). */
export function f80FromDouble(x: number): Uint8Array {
  const out = new Uint8Array(10);
  const v = new DataView(out.buffer);
  const bits = doubleBits(x);
  const sign = (bits >> 63n) !== 0n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  let se = sign ? SIGN : 0;
  let mant = 0n;
  if (exp === 0x7ff) {
    se |= EXP_MASK;
    mant = (1n << 63n) | (frac << 11n);
  } else if (exp !== 0) {
    se |= exp - 1023 + BIAS80;
    mant = (1n << 63n) | (frac << 11n);
  } else if (frac !== 0n) {
    // double denormal: normalise so the integer bit is set
    const shift = 64 - bitLength(frac);
    mant = frac << BigInt(shift);
    se |= -1074 + 63 - shift + BIAS80;
  }
  v.setBigUint64(0, mant, true);
  v.setUint16(8, se, true);
  return out;
}

/**
 * Rounds an integer significand `m` (value m·2^e2) to double, giving both neighbours at a tie,
 * or for any inexact value when `anyNeighbour`.
 */
function roundToDouble(sign: boolean, m: bigint, e2: number, anyNeighbour: boolean): number[] {
  const len = bitLength(m);
  const msb = e2 + len - 1;
  // beyond the double range: infinity, or under directed rounding also the largest double
  if (msb >= 1024) return anyNeighbour ? [sign ? -Infinity : Infinity, (sign ? -1 : 1) * Number.MAX_VALUE] : [sign ? -Infinity : Infinity];
  const drop = msb >= -1022 ? len - 53 : -1074 - e2;
  const signed = (q: bigint, k: number): number => (sign ? -1 : 1) * Number(q) * 2 ** k;
  if (drop <= 0) return [signed(m, e2)];
  const q = m >> BigInt(drop);
  const rest = m & ((1n << BigInt(drop)) - 1n);
  const half = 1n << BigInt(drop - 1);
  const k = e2 + drop;
  if (rest === half || (anyNeighbour && rest !== 0n)) {
    const even = (q & 1n) === 0n ? q : q + 1n;
    const odd = even === q ? q + 1n : q;
    return [signed(even, k), signed(odd, k)];
  }
  return [signed(rest > half ? q + 1n : q, k)];
}

/**
 * Bits of the NaN an 80-bit NaN is as a double: sign, quiet bit and top payload bits kept (a
 * register keeps a signalling NaN until an operation quiets it). A payload only in the low
 * 11 bits, which a double cannot hold, leaves the quiet NaN.
 */
function nanBits(sign: boolean, mant: bigint): bigint {
  const frac = (mant & ((1n << 63n) - 1n)) >> 11n;
  return (sign ? 1n << 63n : 0n) | (0x7ffn << 52n) | (frac === 0n ? 1n << 51n : frac);
}

/**
 * The bit patterns of the double(s) an 80-bit register value rounds to: first the
 * round-to-nearest-even value, then, only at an exact tie, the other neighbour. With
 * `anyNeighbour` (directed rounding, where the core rounds the exact result the program's way
 * while the register holds a value no double equals) both neighbours of any inexact value.
 * Bits rather than numbers, because a NaN's sign and payload do not survive every path
 * through a JS number.
 */
export function doubleCandidateBits(bytes: Uint8Array, anyNeighbour = false): bigint[] {
  const { sign, exp, mant } = readF80(bytes);
  if (exp === EXP_MASK && (mant & ((1n << 63n) - 1n)) !== 0n) return [nanBits(sign, mant)];
  if (exp === EXP_MASK) return [doubleBits(sign ? -Infinity : Infinity)];
  if (mant === 0n) return [doubleBits(sign ? -0 : 0)];
  return roundToDouble(sign, mant, (exp === 0 ? 1 : exp) - BIAS80 - 63, anyNeighbour).map(doubleBits);
}

/** The same candidates as numbers (NaNs may lose their payload). */
export function doubleCandidates(bytes: Uint8Array): number[] {
  return doubleCandidateBits(bytes).map(doubleFromBits);
}

/** The 80-bit value rounded to nearest double. */
export function f80ToDouble(bytes: Uint8Array): number {
  const first = doubleCandidates(bytes)[0];
  if (first === undefined) throw new Error("f80ToDouble: no candidate");
  return first;
}
