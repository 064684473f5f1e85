import { sseConvertCase } from "./sse-convert.ts";
import { sseFpCase } from "./sse-fp.ts";
import type { Group } from "./group.ts";

/**
 * SSE arithmetic and conversions under directed rounding (MXCSR.RC = down, up, toward zero),
 * with flush-to-zero and denormals-are-zero set one time in four.
 */
export const sseRound: Group = {
  name: "sse-round",
  count: 2500,
  kind: "fp",
  make(b) {
    if (b.rng.chance(0.5)) sseFpCase(b);
    else sseConvertCase(b);
    const rc = b.rng.range(1, 3) << 13;
    const ftzDaz = b.rng.chance(0.25) ? 0x8040 : 0;
    b.state.mxcsr = 0x1f80 | rc | ftzDaz;
  },
};
