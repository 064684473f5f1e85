/**
 * Storage of the XMM registers plus scratch slots, with typed views for lane access.
 * Offsets are byte offsets: XMMn at 16·n; 128 receives a memory or MMX source operand;
 * 144 holds an MMX destination while an instruction works on it; 160..191 are scratch for
 * conversions.
 */

export class VectorFile {
  readonly buffer = new ArrayBuffer(192);
  readonly u8 = new Uint8Array(this.buffer);
  readonly i8 = new Int8Array(this.buffer);
  readonly u16 = new Uint16Array(this.buffer);
  readonly i16 = new Int16Array(this.buffer);
  readonly i32 = new Int32Array(this.buffer);
  readonly u32 = new Uint32Array(this.buffer);
  readonly f32 = new Float32Array(this.buffer);
  readonly f64 = new Float64Array(this.buffer);
  /** XMM0..XMM7 as 32 dwords (the public `X86Core.xmm`). */
  readonly xmm = new Int32Array(this.buffer, 0, 32);
}
