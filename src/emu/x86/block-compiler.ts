import { producerAfter, specialiseConditions } from "./conditions.ts";
import { CpuFault } from "./fault.ts";
import { eliminateDeadFlags } from "./flag-liveness.ts";
import { Decoder, UndefinedEncoding } from "./decode.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/** Longest run of instructions compiled into one block. */
export const MAX_BLOCK_INSNS = 64;

export interface BlockSource {
  /** Body of `function (c, r, m, h)`. */
  source: string;
  /**
   * The block branches back to its own start and runs as a loop: it counts the
   * instructions of completed iterations in c.loopDone and stops before exceeding
   * c.runLeft.
   */
  loops: boolean;
  /** Linear start address of each instruction. */
  starts: number[];
  /** Linear address just past the last byte of the block. */
  end: number;
}

/** Generated code that can raise a fault: memory accesses, helpers, explicit throws. */
const MAY_FAULT = /\b[mhf]\.|throw|loadSegment/;

/** Parses prefixes and dispatches to the opcode's emitter; returns the instruction body. */
function decodeInstruction(d: Decoder, t: OpcodeTables): string {
  for (;;) {
    const b = d.byte();
    switch (b) {
      case 0x26: d.seg = 0; break;
      case 0x2e: d.seg = 1; break;
      case 0x36: d.seg = 2; break;
      case 0x3e: d.seg = 3; break;
      case 0x64: d.seg = 4; break;
      case 0x65: d.seg = 5; break;
      case 0x66: d.opsize = 2; d.prefix66 = true; break;
      case 0x67: d.adsize32 = false; break;
      case 0xf0: d.lock = true; break;
      case 0xf2: case 0xf3: d.rep = b; break;
      case 0x0f: {
        d.twoByte = true;
        d.opcode = d.byte();
        return checkLock(d, t.two[d.opcode](d));
      }
      default:
        d.opcode = b;
        return checkLock(d, t.one[b](d));
    }
  }
}

/** One-byte opcodes that accept a lock prefix (with a memory destination), by ModRM reg. */
const LOCKABLE_ONE: Record<number, (reg: number) => boolean> = {
  0x80: (reg) => reg !== 7, 0x81: (reg) => reg !== 7, 0x82: (reg) => reg !== 7, 0x83: (reg) => reg !== 7,
  0x86: () => true, 0x87: () => true, 0xf6: (reg) => reg === 2 || reg === 3, 0xf7: (reg) => reg === 2 || reg === 3,
  0xfe: (reg) => reg < 2, 0xff: (reg) => reg < 2,
};
for (const base of [0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30]) {
  LOCKABLE_ONE[base] = () => true;
  LOCKABLE_ONE[base + 1] = () => true;
}
const LOCKABLE_TWO: Record<number, (reg: number) => boolean> = {
  0xab: () => true, 0xb3: () => true, 0xbb: () => true, 0xba: (reg) => reg >= 5, 0xb0: () => true,
  0xb1: () => true, 0xc0: () => true, 0xc1: () => true, 0xc7: (reg) => reg === 1,
};

/** A lock prefix on anything but a locked read-modify-write of memory is #UD. */
function checkLock(d: Decoder, body: string): string {
  if (!d.lock) return body;
  const rule = (d.twoByte ? LOCKABLE_TWO : LOCKABLE_ONE)[d.opcode];
  if (rule === undefined || !d.isMem || !rule(d.reg)) d.undefinedOpcode();
  return body;
}

/**
 * Decodes instructions from `eip` into the source of one block function. The block stops
 * after a control transfer or trap, at a page boundary, or after `maxInsns` instructions.
 * Each instruction first stores its own address in c.eip, so that a fault inside it reports
 * the right eip. A fetch fault on the first instruction propagates (it is that
 * instruction's fault); on a later one the block simply ends before it.
 */
export function buildBlock(fetch: (linear: number) => number, eip: number, maxInsns: number, t: OpcodeTables): BlockSource {
  const bodies: string[] = [];
  const starts: number[] = [];
  let pos = eip >>> 0;
  let ended = false;
  let producer = -1;
  let loopBranch: Decoder["branch"] = null;
  while (starts.length < maxInsns) {
    const d = new Decoder(fetch, pos);
    let body: string;
    try {
      body = decodeInstruction(d, t);
    } catch (e) {
      if (e instanceof UndefinedEncoding) {
        body = `throw h.ud(${JSON.stringify(e.bytes)});`;
        d.pre = "";
        d.ends = true;
      } else if (e instanceof CpuFault && starts.length > 0) {
        break;
      } else {
        throw e;
      }
    }
    starts.push(pos);
    if (d.branch !== null && d.branch.taken === eip >>> 0 && d.pre === "") {
      loopBranch = { ...d.branch, condition: specialiseConditions(d.branch.condition, producer) };
      pos = d.next;
      ended = true;
      break;
    }
    body = specialiseConditions(`${d.pre}${body}`, producer);
    producer = producerAfter(body, producer);
    bodies.push(body);
    pos = d.next;
    if (d.ends) { ended = true; break; }
    if ((pos ^ eip) >>> 12 !== 0) break;
  }
  let source = eliminateDeadFlags(bodies)
    .map((body, i) => `${MAY_FAULT.test(body) ? `c.eip=${starts[i]};` : ""}{${body}}\n`).join("");
  if (!ended) source += `c.eip=${pos};`;
  if (loopBranch !== null) {
    const n = starts.length;
    source = `c.loopDone=0;for(;;){${source}if(!(${loopBranch.condition})){c.eip=${loopBranch.fallThrough};break;}`
      + `if(c.loopDone+${2 * n}>c.runLeft){c.eip=${loopBranch.taken};break;}c.loopDone+=${n};}`;
  }
  return { source, starts, end: pos, loops: loopBranch !== null };
}
