import { ARITH_FLAGS, DF } from "../../../tools/x86diff/src/layout.ts";
import { doubleBits, doubleCandidateBits, doubleCandidates } from "../../../tools/x86diff/src/f80.ts";
import type { GoldenCase } from "../../../tools/x86diff/src/golden-format.ts";
import type { CoreOutcome } from "./core-runner.ts";
import { writeFloat80 } from "../../../src/emu/x86/float80.ts";

/** One difference between the CPU and the core, under a field name failures are counted by. */
export interface Mismatch {
  field: string;
  detail: string;
}

const GPR = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
const FLAG_NAMES: [number, string][] = [[0x1, "CF"], [0x4, "PF"], [0x10, "AF"], [0x40, "ZF"], [0x80, "SF"], [0x400, "DF"], [0x800, "OF"]];
/**
 * x87 status word: C0, C2, C3; C1 (round-up / stack-fault direction) on its own, since it is
 * the one a double-based core finds hardest; TOP; the exception, stack-fault and summary bits.
 */
const FSW_CC = 0x4500, FSW_C1 = 0x200, FSW_TOP = 0x3800, FSW_EXC = 0x80ff;
/** MXCSR exception flags (sticky) and everything else (masks, rounding, FZ, DAZ). */
const MXCSR_EXC = 0x3f;

const hx = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function flagList(bits: number): string {
  return FLAG_NAMES.filter(([b]) => bits & b).map(([, n]) => n).join(",");
}

function compareGprs(c: GoldenCase, got: CoreOutcome, out: Mismatch[]): void {
  GPR.forEach((name, i) => {
    if ((c.gprUndef >> i) & 1) return;
    const want = c.out.state.gpr[i] ?? 0;
    const have = got.state.gpr[i] ?? 0;
    if (want !== have >>> 0) out.push({ field: name, detail: `${name} ${hx(have)} expected ${hx(want)}` });
  });
}

function compareFlags(c: GoldenCase, got: CoreOutcome, out: Mismatch[]): void {
  const mask = (ARITH_FLAGS | DF) & ~c.flagsUndef;
  const diff = (c.out.state.eflags ^ got.state.eflags) & mask;
  if (diff !== 0) {
    out.push({ field: `eflags.${flagList(diff)}`, detail: `eflags ${hx(got.state.eflags)} expected ${hx(c.out.state.eflags)} (differ in ${flagList(diff)})` });
  }
}

function compareMasked(field: string, want: number, have: number, mask: number, out: Mismatch[]): void {
  if (((want ^ have) & mask) !== 0) out.push({ field, detail: `${field} ${hx(have & mask)} expected ${hx(want & mask)}` });
}

/** A double's bits for a failure message, with its value. */
function showBits(bits: bigint): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, bits);
  return `${v.getFloat64(0)} (0x${bits.toString(16)})`;
}

/** Physical register p of the core as double bits: from `bits` when given (exact, NaNs too). */
function coreBits(fpu: CoreOutcome["state"]["fpu"], p: number): bigint {
  const lo = fpu.bits?.[2 * p], hi = fpu.bits?.[2 * p + 1];
  if (lo === undefined || hi === undefined) return doubleBits(fpu.regs[p] ?? NaN);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * Does the core's double (bits `have`) stand for the native register image `want`? Under
 * directed rounding either neighbour of a register value no double equals will do.
 */
function sameValue(want: Uint8Array, have: bigint, directed: boolean): boolean {
  return doubleCandidateBits(want, directed).includes(have);
}

function compareStack(c: GoldenCase, got: CoreOutcome, out: Mismatch[]): void {
  const want = c.out.state;
  const fpu = got.state.fpu;
  const top = (want.fsw >> 11) & 7;
  const directed = (want.fcw & 0xc00) !== 0;
  const haveAbridged = Array.from({ length: 8 }, (_, p) => (((fpu.tag >> (2 * p)) & 3) !== 3 ? 1 << p : 0)).reduce((a, b) => a | b, 0);
  if (haveAbridged !== want.ftw) out.push({ field: "ftw", detail: `abridged tag ${hx(haveAbridged)} expected ${hx(want.ftw)}` });
  for (let i = 0; i < 8; i++) {
    const p = (top + i) & 7;
    if (((want.ftw >> p) & 1) === 0) continue;
    const image = want.st.subarray(10 * i, 10 * i + 10);
    if ((fpu.mmxMask >> p) & 1) {
      const v = new DataView(image.buffer, image.byteOffset, 8);
      const lo = v.getUint32(0, true), hi = v.getUint32(4, true);
      const hlo = (fpu.mmx[2 * p] ?? 0) >>> 0, hhi = (fpu.mmx[2 * p + 1] ?? 0) >>> 0;
      if (lo !== hlo || hi !== hhi) out.push({ field: "mm", detail: `mm${p} ${hx(hhi)}:${hx(hlo)} expected ${hx(hi)}:${hx(lo)}` });
    } else if (!sameValue(image, coreBits(fpu, p), directed)) {
      // NaN results are counted apart: their sign and payload follow rules of their own
      const field = Number.isNaN(doubleCandidates(image)[0]) ? "st.nan" : "st";
      out.push({ field, detail: `st(${i}) ${showBits(coreBits(fpu, p))} expected ${doubleCandidateBits(image, directed).map(showBits).join(" or ")}` });
    } else {
      compareSignificand(image, fpu, p, i, c.policy === 1, out);
    }
  }
}

/** An 80-bit image as an integer that grows by one from each value to the next (same sign). */
function ordinal(b: Uint8Array): bigint {
  const v = new DataView(b.buffer, b.byteOffset, 10);
  return (BigInt(v.getUint16(8, true) & 0x7fff) << 63n) | (v.getBigUint64(0, true) & ((1n << 63n) - 1n));
}

/**
 * The whole 64-bit significand, where the core holds it exactly (FpuState.low; exponents
 * well inside the double range): equal, or for transcendentals within one unit in the last
 * place (the hardware's own results are not always the nearest, README "x87 precision").
 */
function compareSignificand(image: Uint8Array, fpu: CoreOutcome["state"]["fpu"], p: number, i: number, transcendental: boolean, out: Mismatch[]): void {
  const exponent = ((image[8] ?? 0) | ((image[9] ?? 0) << 8)) & 0x7fff;
  if (exponent === 0x7fff || Math.abs(exponent - 16383) > 950) return;
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, coreBits(fpu, p));
  const mine = new Uint8Array(10);
  writeFloat80(v.getFloat64(0), mine, 0, fpu.low?.[p] ?? 0);
  const d = ordinal(mine) - ordinal(image);
  if (d === 0n || (transcendental && (d === 1n || d === -1n) && mine[9] === image[9])) return;
  const hex = (b: Uint8Array): string => Array.from(b).reverse().map((x) => x.toString(16).padStart(2, "0")).join("");
  out.push({ field: "st.64", detail: `st(${i}) ${hex(mine)} expected ${hex(image)} (80-bit images)` });
}

function compareFpu(c: GoldenCase, got: CoreOutcome, out: Mismatch[]): void {
  const want = c.out.state;
  const fpu = got.state.fpu;
  compareMasked("fcw", want.fcw, fpu.control, 0x1f3f, out);
  const undef = c.fswUndef | (c.policy === 1 ? 0x200 : 0);
  compareMasked("fsw.cc", want.fsw, fpu.status, FSW_CC & ~undef, out);
  compareMasked("fsw.c1", want.fsw, fpu.status, FSW_C1 & ~undef, out);
  compareMasked("fsw.top", want.fsw, fpu.status, FSW_TOP, out);
  compareMasked("fsw.exc", want.fsw, fpu.status, FSW_EXC, out);
  compareStack(c, got, out);
  compareMasked("mxcsr", want.mxcsr, got.state.mxcsr, 0xffff & ~MXCSR_EXC, out);
  compareMasked("mxcsr.exc", want.mxcsr, got.state.mxcsr, MXCSR_EXC, out);
  const xmm = new DataView(want.xmm.buffer, want.xmm.byteOffset, 128);
  for (let r = 0; r < 8; r++) {
    const w = [0, 1, 2, 3].map((k) => xmm.getUint32(16 * r + 4 * k, true));
    const h = [0, 1, 2, 3].map((k) => (got.state.xmm[4 * r + k] ?? 0) >>> 0);
    if (w.some((v, k) => v !== h[k])) {
      out.push({ field: "xmm", detail: `xmm${r} ${h.map(hx).reverse().join(":")} expected ${w.map(hx).reverse().join(":")}` });
    }
  }
}

function compareMemory(c: GoldenCase, got: CoreOutcome, out: Mismatch[]): void {
  const bad: string[] = [];
  c.out.state.mem.forEach((b, i) => {
    if (got.mem[i] !== b) bad.push(`+${hx(i)}: ${hx(got.mem[i] ?? 0)}≠${hx(b)}`);
  });
  if (bad.length > 0) out.push({ field: "mem", detail: `window bytes ${bad.slice(0, 6).join(" ")}${bad.length > 6 ? " …" : ""}` });
}

/**
 * Everything the CPU defines that differs in the core. Faulting cases compare the vector,
 * the faulting EIP and the precise register state; x87/SSE state only when the group uses it.
 */
export function compareCase(c: GoldenCase, got: CoreOutcome, fp: boolean): Mismatch[] {
  const out: Mismatch[] = [];
  if (got.problem !== null) return [{ field: "stop", detail: got.problem }];
  if (c.out.fault !== got.fault) {
    return [{ field: "fault", detail: `fault ${got.fault ?? "none"} expected ${c.out.fault ?? "none"}` }];
  }
  if (c.out.eip !== got.eip) out.push({ field: "eip", detail: `eip ${hx(got.eip)} expected ${hx(c.out.eip)}` });
  compareGprs(c, got, out);
  compareFlags(c, got, out);
  compareMemory(c, got, out);
  if (fp) compareFpu(c, got, out);
  return out;
}
