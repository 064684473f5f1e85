// The IHK board's book of who owns what: CPUs (Linux's, free for an LWK, reserved, assigned
// to an OS instance), memory taken from Linux and what each OS got, and each OS's state. The
// driver tells the board every change; the board checks it and keeps this mirror, which the
// page shows. Methods return 0 or a negative errno, as the board's RESULT register does.

import { BOARD, OS_STATUS, type OsStatusName } from "../../abi/ihk-board.ts";

export const EINVAL = 22;
export const EBUSY = 16;
export const ENOENT = 2;
export const ENOEXEC = 8;

export interface MemRange {
  start: number;
  size: number;
}

export type CpuOwner =
  | { kind: "linux" }
  | { kind: "free" }
  | { kind: "reserved" }
  | { kind: "assigned"; os: number }
  | { kind: "running"; os: number };

export interface OsView {
  index: number;
  status: OsStatusName;
  cpus: number[];
  memory: MemRange | undefined;
}

/** What the board reports in its event feed. */
export interface IhkBoardState {
  cpus: CpuOwner[];
  reserved: MemRange[];
  oses: OsView[];
}

interface OsRecord {
  cpus: number;
  memory: MemRange | undefined;
  status: OsStatusName;
}

/** The serialisable form (snapshot). */
export interface PartitionState {
  reservedCpus: number;
  reserved: MemRange[];
  oses: Array<[number, OsRecord]>;
}

const ALIVE: readonly OsStatusName[] = ["BOOTING", "RUNNING", "PANIC", "HUNGUP"];
const ALL_CPUS = (1 << BOARD.cpus) - 1;

const end = (r: MemRange): number => r.start + r.size;
const overlaps = (a: MemRange, b: MemRange): boolean => a.start < end(b) && b.start < end(a);
const inside = (inner: MemRange, outer: MemRange): boolean => inner.start >= outer.start && end(inner) <= end(outer);

function cpuList(mask: number): number[] {
  return Array.from({ length: BOARD.cpus }, (_, cpu) => cpu).filter((cpu) => mask & (1 << cpu));
}

export class IhkPartition {
  private reservedCpus = 0;
  /** Disjoint, sorted, adjacent ranges joined. */
  private reserved: MemRange[] = [];
  private readonly oses = new Map<number, OsRecord>();

  constructor(private readonly ramBytes: () => number) {}

  reserveCpus(mask: number): number {
    if (!this.validMask(mask) || (mask & ~BOARD.lwkCpuMask) || (mask & this.reservedCpus)) return -EINVAL;
    this.reservedCpus |= mask;
    return 0;
  }

  releaseCpus(mask: number): number {
    if (!this.validMask(mask) || (mask & ~this.reservedCpus)) return -EINVAL;
    if (mask & this.assignedCpus()) return -EBUSY;
    this.reservedCpus &= ~mask;
    return 0;
  }

  reserveMemory(range: MemRange): number {
    if (!this.validRange(range) || this.reserved.some((r) => overlaps(r, range))) return -EINVAL;
    this.reserved = joinRanges([...this.reserved, range]);
    return 0;
  }

  releaseMemory(range: MemRange): number {
    const holder = this.reserved.find((r) => inside(range, r));
    if (!this.validRange(range) || !holder) return -EINVAL;
    if ([...this.oses.values()].some((os) => os.memory && overlaps(os.memory, range))) return -EBUSY;
    this.reserved = this.reserved.flatMap((r) => (r === holder ? cutRange(r, range) : [r]));
    return 0;
  }

  createOs(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= BOARD.maxOs) return -EINVAL;
    if (this.oses.has(index)) return -EBUSY;
    this.oses.set(index, { cpus: 0, memory: undefined, status: "INACTIVE" });
    return 0;
  }

  destroyOs(index: number): number {
    const os = this.oses.get(index);
    if (!os) return -ENOENT;
    if (ALIVE.includes(os.status)) return -EBUSY;
    this.oses.delete(index);
    return 0;
  }

  assignCpus(index: number, mask: number): number {
    const os = this.oses.get(index);
    if (!os) return -ENOENT;
    if (os.status !== "INACTIVE") return -EBUSY;
    if (!this.validMask(mask) || (mask & ~this.reservedCpus)) return -EINVAL;
    if (mask & this.assignedCpus()) return -EBUSY;
    os.cpus |= mask;
    return 0;
  }

  releaseOsCpus(index: number, mask: number): number {
    const os = this.oses.get(index);
    if (!os) return -ENOENT;
    if (os.status !== "INACTIVE") return -EBUSY;
    if (!this.validMask(mask) || (mask & ~os.cpus)) return -EINVAL;
    os.cpus &= ~mask;
    return 0;
  }

  assignMemory(index: number, range: MemRange): number {
    const os = this.oses.get(index);
    if (!os) return -ENOENT;
    if (os.status !== "INACTIVE" || os.memory) return -EBUSY;
    if (!this.validRange(range) || !this.reserved.some((r) => inside(range, r))) return -EINVAL;
    if ([...this.oses.values()].some((o) => o.memory && overlaps(o.memory, range))) return -EBUSY;
    os.memory = { ...range };
    return 0;
  }

  releaseOsMemory(index: number, range: MemRange): number {
    const os = this.oses.get(index);
    if (!os) return -ENOENT;
    if (ALIVE.includes(os.status)) return -EBUSY;
    if (!os.memory || os.memory.start !== range.start || os.memory.size !== range.size) return -EINVAL;
    os.memory = undefined;
    return 0;
  }

  /** The OS as it is, or undefined. */
  os(index: number): Readonly<OsRecord> | undefined {
    return this.oses.get(index);
  }

  setStatus(index: number, status: OsStatusName): void {
    const os = this.oses.get(index);
    if (os) os.status = status;
  }

  status(index: number): number {
    const os = this.oses.get(index);
    return os ? OS_STATUS[os.status] : -ENOENT;
  }

  isAlive(index: number): boolean {
    const os = this.oses.get(index);
    return os !== undefined && ALIVE.includes(os.status);
  }

  view(): IhkBoardState {
    const cpus = Array.from({ length: BOARD.cpus }, (_, cpu) => this.ownerOf(cpu));
    const oses = [...this.oses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, os]) => ({ index, status: os.status, cpus: cpuList(os.cpus), memory: os.memory && { ...os.memory } }));
    return { cpus, reserved: this.reserved.map((r) => ({ ...r })), oses };
  }

  save(): PartitionState {
    return { reservedCpus: this.reservedCpus, reserved: this.reserved, oses: [...this.oses.entries()] };
  }

  /** A restored LWK instance does not run again: the board cannot save host code. */
  restore(state: PartitionState): void {
    this.reservedCpus = state.reservedCpus;
    this.reserved = state.reserved.map((r) => ({ ...r }));
    this.oses.clear();
    for (const [index, os] of state.oses) {
      this.oses.set(index, { ...os, status: ALIVE.includes(os.status) ? "HUNGUP" : os.status });
    }
  }

  reset(): void {
    this.restore({ reservedCpus: 0, reserved: [], oses: [] });
  }

  private ownerOf(cpu: number): CpuOwner {
    const bit = 1 << cpu;
    if (!(BOARD.lwkCpuMask & bit)) return { kind: "linux" };
    for (const [index, os] of this.oses) {
      if (os.cpus & bit) return os.status === "RUNNING" ? { kind: "running", os: index } : { kind: "assigned", os: index };
    }
    return this.reservedCpus & bit ? { kind: "reserved" } : { kind: "free" };
  }

  private assignedCpus(): number {
    let mask = 0;
    for (const os of this.oses.values()) mask |= os.cpus;
    return mask;
  }

  private validMask(mask: number): boolean {
    return mask !== 0 && (mask & ~ALL_CPUS) === 0;
  }

  private validRange(range: MemRange): boolean {
    const page = 4096;
    return range.size > 0 && range.start % page === 0 && range.size % page === 0 && end(range) <= this.ramBytes();
  }
}

function joinRanges(ranges: MemRange[]): MemRange[] {
  const sorted = ranges.map((r) => ({ ...r })).sort((a, b) => a.start - b.start);
  const out: MemRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && end(last) === range.start) last.size += range.size;
    else out.push(range);
  }
  return out;
}

function cutRange(from: MemRange, cut: MemRange): MemRange[] {
  const pieces = [
    { start: from.start, size: cut.start - from.start },
    { start: end(cut), size: end(from) - end(cut) },
  ];
  return pieces.filter((p) => p.size > 0);
}
