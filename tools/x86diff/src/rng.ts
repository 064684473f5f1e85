/**
 * Deterministic pseudo-random numbers (xorshift128), so a seed always regenerates the same
 * cases, and the memory image of a case can be stored as a 32-bit seed in the goldens.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix-style scrambling so that nearby seeds give unrelated streams
    let z = seed >>> 0;
    const mix = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
      return (t ^ (t >>> 16)) >>> 0;
    };
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix() | 1;
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = this.s0 ^ (this.s0 << 11);
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.s2 = this.s3;
    this.s3 = (this.s3 ^ (this.s3 >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return this.s3;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 0x100000000) * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error("Rng.pick: empty list");
    return item;
  }

  /**
   * A 32-bit value biased towards the edges where flags change: 0, 1, -1, the sign bits of
   * each width, and small numbers, mixed with uniform values.
   */
  interesting32(): number {
    const edges = [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe];
    switch (this.below(4)) {
      case 0:
        return this.pick(edges) >>> 0;
      case 1:
        return (this.pick(edges) + this.range(-2, 2)) >>> 0;
      case 2:
        return this.below(64);
      default:
        return this.u32();
    }
  }

  fill(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) bytes[i] = this.u32() & 0xff;
  }
}

/** The data window's initial bytes of a case, from its stored seed. */
export function memoryFromSeed(seed: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  new Rng(seed).fill(bytes);
  return bytes;
}
