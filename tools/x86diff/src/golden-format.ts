import { gunzipSync, gzipSync } from "node:zlib";
import { ByteReader, ByteWriter } from "./bytes.ts";
import { WINDOW } from "./layout.ts";
import { cloneState, emptyState, type MachineState, type Outcome } from "./machine-state.ts";
import { memoryFromSeed } from "./rng.ts";

/**
 * Golden files: gzip'd records, one per case, each holding the snippet (text and bytes), the
 * masks of what it leaves undefined, the initial state and the native outcome. Memory is kept
 * small: the initial window is a seed plus patched bytes, and the outcome stores only the
 * fields and bytes that changed.
 */
export interface GoldenCase {
  asm: string;
  code: Uint8Array;
  flagsUndef: number;
  fswUndef: number;
  gprUndef: number;
  policy: number;
  init: MachineState;
  out: Outcome;
}

const MAGIC = "X86GOLD2";

/**
 * Which state a group's cases use beyond the integer registers: x87 and SSE state is only
 * compared for groups that touch it, and MMX groups load the x87 registers as raw MMX values.
 */
export type StateKind = "int" | "fp" | "mmx";
const KINDS: readonly StateKind[] = ["int", "fp", "mmx"];

export interface GoldenFile {
  kind: StateKind;
  cases: GoldenCase[];
}
const NO_FAULT = 0xff;

type Scalar = "eflags" | "fcw" | "fsw" | "ftw" | "mxcsr";
const SCALARS: readonly Scalar[] = ["eflags", "fcw", "fsw", "ftw", "mxcsr"];

function writeBlocks(w: ByteWriter, bytes: Uint8Array, size: number, skip: (i: number) => boolean): void {
  let mask = 0;
  for (let i = 0; i < 8; i++) if (!skip(i)) mask |= 1 << i;
  w.u8(mask);
  for (let i = 0; i < 8; i++) if (mask & (1 << i)) w.bytes(bytes.subarray(size * i, size * i + size));
}

function readBlocks(r: ByteReader, into: Uint8Array, size: number): void {
  const mask = r.u8();
  for (let i = 0; i < 8; i++) if (mask & (1 << i)) into.set(r.bytes(size), size * i);
}

function sameBlock(a: Uint8Array, b: Uint8Array, size: number, i: number): boolean {
  for (let k = size * i; k < size * i + size; k++) if (a[k] !== b[k]) return false;
  return true;
}

function writeMemPatch(w: ByteWriter, from: Uint8Array, to: Uint8Array): void {
  const at: number[] = [];
  for (let i = 0; i < WINDOW; i++) if (from[i] !== to[i]) at.push(i);
  w.u16(at.length);
  for (const i of at) {
    w.u16(i);
    w.u8(to[i] ?? 0);
  }
}

function readMemPatch(r: ByteReader, into: Uint8Array): void {
  const n = r.u16();
  for (let k = 0; k < n; k++) {
    const i = r.u16();
    into[i] = r.u8();
  }
}

function writeState(w: ByteWriter, s: MachineState, memSeed: number): void {
  s.gpr.forEach((v) => w.u32(v));
  for (const k of SCALARS) w.u32(s[k]);
  const zero = new Uint8Array(128);
  writeBlocks(w, s.st, 10, (i) => sameBlock(s.st, zero, 10, i));
  writeBlocks(w, s.xmm, 16, (i) => sameBlock(s.xmm, zero, 16, i));
  w.u32(memSeed);
  writeMemPatch(w, memoryFromSeed(memSeed, WINDOW), s.mem);
}

function readState(r: ByteReader): MachineState {
  const s = emptyState();
  for (let i = 0; i < 8; i++) s.gpr[i] = r.u32();
  for (const k of SCALARS) s[k] = r.u32();
  readBlocks(r, s.st, 10);
  readBlocks(r, s.xmm, 16);
  s.mem.set(memoryFromSeed(r.u32(), WINDOW));
  readMemPatch(r, s.mem);
  return s;
}

/** The outcome as changes against the initial state. */
function writeOutcome(w: ByteWriter, init: MachineState, out: Outcome): void {
  const s = out.state;
  w.u8(out.fault ?? NO_FAULT);
  w.u32(out.eip);
  let gprMask = 0;
  s.gpr.forEach((v, i) => (gprMask |= v !== init.gpr[i] ? 1 << i : 0));
  w.u8(gprMask);
  s.gpr.forEach((v, i) => gprMask & (1 << i) && w.u32(v));
  for (const k of SCALARS) w.u32(s[k]);
  writeBlocks(w, s.st, 10, (i) => sameBlock(s.st, init.st, 10, i));
  writeBlocks(w, s.xmm, 16, (i) => sameBlock(s.xmm, init.xmm, 16, i));
  writeMemPatch(w, init.mem, s.mem);
}

function readOutcome(r: ByteReader, init: MachineState): Outcome {
  const s = cloneState(init);
  const fault = r.u8();
  const eip = r.u32();
  const gprMask = r.u8();
  for (let i = 0; i < 8; i++) if (gprMask & (1 << i)) s.gpr[i] = r.u32();
  for (const k of SCALARS) s[k] = r.u32();
  readBlocks(r, s.st, 10);
  readBlocks(r, s.xmm, 16);
  readMemPatch(r, s.mem);
  return { state: s, fault: fault === NO_FAULT ? null : fault, eip };
}

export function encodeGolden(kind: StateKind, cases: readonly (GoldenCase & { memSeed: number })[]): Uint8Array {
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode(MAGIC));
  w.u8(KINDS.indexOf(kind));
  w.u32(cases.length);
  for (const c of cases) {
    const text = new TextEncoder().encode(c.asm);
    w.u16(text.length);
    w.bytes(text);
    w.u8(c.code.length);
    w.bytes(c.code);
    w.u16(c.flagsUndef);
    w.u16(c.fswUndef);
    w.u8(c.gprUndef);
    w.u8(c.policy);
    writeState(w, c.init, c.memSeed);
    writeOutcome(w, c.init, c.out);
  }
  return gzipSync(w.result(), { level: 9 });
}

export function decodeGolden(file: Uint8Array): GoldenFile {
  const r = new ByteReader(gunzipSync(file));
  const magic = new TextDecoder().decode(r.bytes(MAGIC.length));
  if (magic !== MAGIC) throw new Error(`not an x86 golden file (magic ${JSON.stringify(magic)})`);
  const kind = KINDS[r.u8()];
  if (kind === undefined) throw new Error("golden file has an unknown state kind");
  const count = r.u32();
  const cases: GoldenCase[] = [];
  for (let k = 0; k < count; k++) {
    const asm = new TextDecoder().decode(r.bytes(r.u16()));
    const code = r.bytes(r.u8());
    const flagsUndef = r.u16();
    const fswUndef = r.u16();
    const gprUndef = r.u8();
    const policy = r.u8();
    const init = readState(r);
    cases.push({ asm, code, flagsUndef, fswUndef, gprUndef, policy, init, out: readOutcome(r, init) });
  }
  if (!r.done) throw new Error("golden file has trailing bytes");
  return { kind, cases };
}
