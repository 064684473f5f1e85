import type { CaseBuilder } from "../builder.ts";
import { doubleBytes, floatBytes, randomDouble, randomFloat } from "../fp-values.ts";

/** Lane contents for a 64- or 128-bit operand. */
export type Lanes = "int" | "pd" | "ps";

/** Random integer lanes biased towards saturation edges, or packed doubles/floats. */
export function vector(b: CaseBuilder, bytes: number, lanes: Lanes): Uint8Array {
  const out = new Uint8Array(bytes);
  const v = new DataView(out.buffer);
  if (lanes === "pd") for (let i = 0; i < bytes; i += 8) out.set(doubleBytes(randomDouble(b.rng)), i);
  else if (lanes === "ps") for (let i = 0; i < bytes; i += 4) out.set(floatBytes(randomFloat(b.rng)), i);
  else {
    const mode = b.rng.below(3);
    for (let i = 0; i < bytes; i += 2) {
      const edge = b.rng.pick([0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x00ff, 0xff00]);
      v.setUint16(i, mode === 0 ? b.rng.u32() & 0xffff : mode === 1 ? edge : (b.rng.u32() & 0xffff) ^ (b.rng.chance(0.5) ? edge : 0), true);
    }
  }
  return out;
}

/** Fills XMM0..7 with vectors of `lanes`. */
export function fillXmm(b: CaseBuilder, lanes: Lanes): void {
  for (let r = 0; r < 8; r++) b.state.xmm.set(vector(b, 16, b.rng.chance(0.8) ? lanes : "int"), 16 * r);
}

/**
 * MMX registers as an MMX instruction leaves them: TOP = 0, every register valid, each
 * holding 64 raw bits with the exponent field all ones.
 */
export function fillMmx(b: CaseBuilder): void {
  b.state.fsw = 0;
  b.state.ftw = 0xff;
  for (let r = 0; r < 8; r++) {
    b.state.st.set(vector(b, 8, "int"), 10 * r);
    b.state.st[10 * r + 8] = 0xff;
    b.state.st[10 * r + 9] = 0xff;
  }
}

export function xmmReg(b: CaseBuilder): string {
  return `xmm${b.rng.below(8)}`;
}

export function mmReg(b: CaseBuilder): string {
  return `mm${b.rng.below(8)}`;
}

/**
 * A memory operand without its size keyword: nasm knows the size of SIMD memory operands
 * from the instruction and rejects some explicit ones.
 */
export function unsized(operand: string): string {
  return operand.replace(/^(byte|word|dword|qword|oword) /, "");
}
