import type { CaseBuilder } from "../builder.ts";
import { DATA_BASE } from "../layout.ts";
import { regName } from "../builder.ts";
import { width, type Group } from "./group.ts";

/** Value of the `size`-byte little-endian window bytes at `offset`. */
function windowValue(b: CaseBuilder, offset: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (b.state.mem[offset + i] ?? 0);
  return v;
}

function xadd(b: CaseBuilder): void {
  const w = width(b);
  const lock = b.rng.chance(0.3) ? "lock " : "";
  if (b.rng.chance(0.5)) b.emit(`xadd ${b.dest(w)}, ${b.dest(w)}`);
  else b.emit(`${lock}xadd ${b.mem(w / 8)}, ${b.dest(w)}`);
}

function xchg(b: CaseBuilder): void {
  const w = width(b);
  if (b.rng.chance(0.5)) b.emit(`xchg ${b.dest(w)}, ${b.dest(w)}`);
  else b.emit(`xchg ${b.mem(w / 8)}, ${b.dest(w)}`);
}

/** cmpxchg where the accumulator equals the destination half of the time. */
function cmpxchg(b: CaseBuilder): void {
  const w = width(b);
  const size = w / 8;
  const offset = b.target(size, size);
  const equal = b.rng.chance(0.5);
  const mem = b.rng.chance(0.6);
  const acc = equal && mem ? windowValue(b, offset, size) : b.rng.interesting32();
  b.pin(0, (b.rng.u32() & ~(w === 32 ? -1 : (1 << w) - 1)) | acc);
  const lock = b.rng.chance(0.3) ? "lock " : "";
  if (mem) b.emit(`${lock}cmpxchg ${w === 32 ? "dword" : w === 16 ? "word" : "byte"} ${b.addressing(offset)}, ${b.dest(w)}`);
  else {
    const d = b.dest(w);
    if (equal) b.setReg(d, acc);
    b.emit(`cmpxchg ${d}, ${b.reg(w)}`);
  }
}

/** cmpxchg8b where EDX:EAX equals the quadword half of the time. */
function cmpxchg8b(b: CaseBuilder): void {
  const offset = b.target(8, 8);
  const equal = b.rng.chance(0.5);
  b.pin(0, equal ? windowValue(b, offset, 4) : b.rng.interesting32());
  b.pin(2, equal ? windowValue(b, offset + 4, 4) : b.rng.interesting32());
  b.pin(1);
  b.pin(3);
  b.emit(`${b.rng.chance(0.3) ? "lock " : ""}cmpxchg8b qword [${regName(32, b.pinnedReg(DATA_BASE + offset))}]`);
}

/** xadd, xchg, cmpxchg, cmpxchg8b (with and without lock) and bswap. */
export const exchange: Group = {
  name: "exchange",
  count: 3000,
  kind: "int",
  make(b) {
    b.freeEsp();
    const form = b.rng.below(5);
    if (form === 0) xadd(b);
    else if (form === 1) xchg(b);
    else if (form === 2) cmpxchg(b);
    else if (form === 3) cmpxchg8b(b);
    else b.emit(`bswap ${b.dest(32)}`);
  },
};
