import { describe, expect, it } from "vitest";
import { PageTables, X86Core, type RunResult } from "../../../src/emu/x86/index.ts";
import { Rng } from "../../../tools/x86diff/src/rng.ts";
import { goldenGroupNames, loadGroup } from "./goldens.ts";

/**
 * Random bytes as code: whatever the bytes, the core must answer with an x86 result (a
 * budget end, a trap, or an x86 fault with consistent details), never a host exception.
 * Code comes from three sources: uniform bytes; bytes biased towards prefixes, escapes and
 * x87/SSE opcodes (the decoder's corners); and golden instructions with random bytes flipped.
 */
const CODE = 0x10000;
const CODE_BYTES = 64;
const MEMORY = 1 << 20;
const RESULT_KINDS = new Set(["budget", "hlt", "interrupt", "sysenter", "fault"]);
const VECTORS: Record<string, number> = { "#DE": 0, "#UD": 6, "#NM": 7, "#GP": 13, "#PF": 14 };
const HOT = [0x0f, 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x38, 0x3a, 0xc4, 0xc5, 0x8e, 0xff, 0xfe];

function uniform(rng: Rng): Uint8Array {
  const b = new Uint8Array(CODE_BYTES);
  rng.fill(b);
  return b;
}

function biased(rng: Rng): Uint8Array {
  const b = uniform(rng);
  for (let i = 0; i < b.length; i++) if (rng.chance(0.35)) b[i] = rng.pick(HOT);
  return b;
}

function mutated(rng: Rng, seeds: readonly Uint8Array[]): Uint8Array {
  const b = uniform(rng);
  const src = rng.pick(seeds);
  b.set(src.subarray(0, CODE_BYTES));
  for (let k = rng.range(1, 3); k > 0; k--) b[rng.below(Math.min(src.length + 1, CODE_BYTES))] = rng.u32() & 0xff;
  return b;
}

/** Checks one result for the x86 contract; returns a description of any breach. */
function breach(r: RunResult, cpu: X86Core, memory: Uint8Array): string | null {
  if (!RESULT_KINDS.has(r.kind)) return `unknown result kind ${r.kind}`;
  if (!Number.isInteger(r.executed) || r.executed < 0) return `bad executed count ${r.executed}`;
  if (r.kind !== "fault") return null;
  const f = r.fault;
  if (VECTORS[f.name] !== f.vector) return `fault ${f.name} with vector ${f.vector}`;
  if (f.name === "#UD") {
    const at = cpu.eip >>> 0;
    if (f.bytes.length === 0) return "#UD names no bytes";
    if (at < MEMORY && f.bytes.some((v, i) => memory[at + i] !== v)) return `#UD bytes ${f.bytes} are not the bytes at eip`;
    if (!cpu.formatFault(f).includes(f.bytes.map((v) => v.toString(16).padStart(2, "0")).join(" "))) return "formatFault does not name the bytes";
  }
  if (f.name === "#PF" && f.address >>> 0 !== f.address) return "#PF address is not a uint32";
  return null;
}

interface Machine {
  cpu: X86Core;
  memory: Uint8Array;
}

/** A flat machine, or one with paging where only the code, a data area and the stack are mapped. */
function machine(paging: boolean): Machine {
  const mem = { u8: new Uint8Array(MEMORY) };
  const cpu = new X86Core(mem);
  if (paging) {
    let next = 0x80000;
    const pt = new PageTables(mem, { directory: 0x7f000, allocate: () => (next += 0x1000) });
    pt.identity(CODE, 0x1000);
    pt.identity(0x20000, 0x10000);
    pt.map(0x40000000, 0x40000, { writable: false, user: true });
    cpu.setPaging({ enabled: true, cr3: pt.directory });
  }
  return { cpu, memory: mem.u8 };
}

function runOne(m: Machine, code: Uint8Array, rng: Rng): string | null {
  m.memory.set(code, CODE);
  m.cpu.invalidatePhysical(CODE, CODE_BYTES);
  m.cpu.eip = CODE;
  for (let i = 0; i < 8; i++) m.cpu.regs[i] = rng.chance(0.5) ? 0x20000 + rng.below(0x10000) : rng.u32();
  m.cpu.eflags = 0x202 | (rng.u32() & 0xcd5);
  try {
    return breach(m.cpu.run(200), m.cpu, m.memory);
  } catch (e) {
    return `host exception ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

describe("x86 core on random code", () => {
  const seeds = goldenGroupNames().flatMap((n) => loadGroup(n).cases.filter((_, i) => i % 10 === 0).map((c) => c.code));

  for (const paging of [false, true]) {
    it(`never throws a host exception (${paging ? "paging on" : "paging off"})`, () => {
      const rng = new Rng(paging ? 0xf022 : 0xf021);
      const m = machine(paging);
      const problems: string[] = [];
      const sources = [uniform, biased, (r: Rng) => mutated(r, seeds)];
      for (let t = 0; t < 6000 && problems.length < 10; t++) {
        const code = sources[t % 3]!(rng);
        const p = runOne(m, code, rng);
        if (p !== null) problems.push(`${p} (code ${Buffer.from(code.subarray(0, 16)).toString("hex")})`);
      }
      expect(problems, problems.join("\n")).toEqual([]);
    }, 120_000);
  }
});
