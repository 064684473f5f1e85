import type { CaseBuilder } from "../builder.ts";
import { doubleBytes, floatBytes, intBytes, randomDouble } from "../fp-values.ts";
import { fillXmm, vector, xmmReg } from "./simd-setup.ts";
import type { Group } from "./group.ts";

/** Values near the integer range ends make the conversions saturate to the indefinite integer. */
function convertible(b: CaseBuilder): number {
  return b.rng.chance(0.5) ? randomDouble(b.rng) : (b.rng.u32() / 2 ** 32 - 0.5) * 2 ** b.rng.range(0, 33);
}

function toInteger(b: CaseBuilder): void {
  const op = b.rng.pick(["cvtsd2si", "cvttsd2si", "cvtss2si", "cvttss2si"]);
  const single = op.includes("ss");
  const src = b.rng.chance(0.5) ? xmmReg(b) : b.memWith(single ? floatBytes(Math.fround(convertible(b))) : doubleBytes(convertible(b)));
  b.emit(`${op} ${b.dest(32)}, ${src}`);
}

function fromInteger(b: CaseBuilder): void {
  const op = b.rng.pick(["cvtsi2sd", "cvtsi2ss"]);
  b.emit(`${op} ${xmmReg(b)}, ${b.rng.chance(0.5) ? b.reg(32) : b.memWith(intBytes(b.rng, 4))}`);
}

function packed(b: CaseBuilder): void {
  const op = b.rng.pick(["cvtsd2ss", "cvtss2sd", "cvtdq2pd", "cvtpd2dq", "cvttpd2dq", "cvtdq2ps", "cvtps2dq", "cvttps2dq", "cvtpd2ps", "cvtps2pd"]);
  const bytes = ["cvtsd2ss", "cvtdq2pd", "cvtps2pd"].includes(op) ? 8 : op === "cvtss2sd" ? 4 : 16;
  const lanes = op.startsWith("cvtdq") ? "int" : op.includes("pd2") || op === "cvtsd2ss" ? "pd" : "ps";
  const src = b.rng.chance(0.6) ? xmmReg(b) : b.memWith(vector(b, 16, lanes).subarray(0, bytes), bytes === 16 ? 16 : 1);
  b.emit(`${op} ${xmmReg(b)}, ${src}`);
}

/** Every SSE2 conversion between integers, singles and doubles (scalar and packed). */
export function sseConvertCase(b: CaseBuilder): void {
  b.freeEsp();
  fillXmm(b, b.rng.pick(["pd", "ps"] as const));
  for (let r = 0; r < 8; r++) {
    if (b.rng.chance(0.5)) b.state.xmm.set(doubleBytes(convertible(b)), 16 * r);
    else b.state.xmm.set(floatBytes(Math.fround(convertible(b))), 16 * r);
  }
  const form = b.rng.below(3);
  if (form === 0) toInteger(b);
  else if (form === 1) fromInteger(b);
  else packed(b);
}

export const sseConvert: Group = {
  name: "sse-convert",
  count: 3000,
  kind: "fp",
  make: sseConvertCase,
};
