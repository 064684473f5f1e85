// The board view's input: a small typed picture of the node, derived only from machine.json and
// the board's event feed. Before the IHK device reports anything, CPU 0 is Linux's and the
// others are offline (free for an LWK); each "ihk" event then replaces the partition.

import type { CpuOwner } from "../../emu/board/ihk-partition.ts";

export type { CpuOwner };

export interface OsInstance {
  index: number;
  status: string;
  cpus: number[];
  memoryBytes: number;
}

export interface NodeState {
  cpus: CpuOwner[];
  memory: {
    totalBytes: number;
    reservedBytes: number;
    assignedBytes: number;
    /** Memory the LWK uses inside its assigned range; undefined until the board reports it. */
    lwkInUseBytes: number | undefined;
  };
  oses: OsInstance[];
  /** Live counters; undefined until the board reports them. */
  ikcMessages: number | undefined;
  offloadedSyscalls: number | undefined;
  /** True once the IHK device has reported its state at least once. */
  ihkReported: boolean;
}

export interface NodeFacts {
  cpus: number;
  memoryBytes: number;
}

export function initialNodeState(machine: NodeFacts): NodeState {
  return {
    cpus: Array.from({ length: machine.cpus }, (_, cpu): CpuOwner => (cpu === 0 ? { kind: "linux" } : { kind: "free" })),
    memory: { totalBytes: machine.memoryBytes, reservedBytes: 0, assignedBytes: 0, lwkInUseBytes: undefined },
    oses: [],
    ikcMessages: undefined,
    offloadedSyscalls: undefined,
    ihkReported: false,
  };
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === "object" && value !== null;
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function parseOwner(value: unknown): CpuOwner | undefined {
  if (!isObject(value)) return undefined;
  switch (value.kind) {
    case "linux":
    case "free":
    case "reserved":
      return { kind: value.kind };
    case "assigned":
    case "running":
      return isCount(value.os) ? { kind: value.kind, os: value.os } : undefined;
    default:
      return undefined;
  }
}

function rangeBytes(value: unknown): number | undefined {
  return isObject(value) && isCount(value.start) && isCount(value.size) ? value.size : undefined;
}

function parseOs(value: unknown): OsInstance | undefined {
  if (!isObject(value) || !isCount(value.index) || typeof value.status !== "string" || !Array.isArray(value.cpus)) return undefined;
  if (!value.cpus.every(isCount)) return undefined;
  const memoryBytes = value.memory === undefined ? 0 : rangeBytes(value.memory);
  if (memoryBytes === undefined) return undefined;
  return { index: value.index, status: value.status, cpus: [...(value.cpus as number[])], memoryBytes };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Applies the IHK board's reported partition; a malformed report leaves the state unchanged. */
function applyIhk(state: NodeState, report: unknown): NodeState {
  if (!isObject(report) || !Array.isArray(report.cpus) || !Array.isArray(report.reserved) || !Array.isArray(report.oses)) return state;
  const cpus = report.cpus.map(parseOwner);
  const reserved = report.reserved.map(rangeBytes);
  const oses = report.oses.map(parseOs);
  if (cpus.includes(undefined) || reserved.includes(undefined) || oses.includes(undefined)) return state;
  const osList = oses as OsInstance[];
  return {
    ...state,
    cpus: cpus as CpuOwner[],
    memory: { ...state.memory, reservedBytes: sum(reserved as number[]), assignedBytes: sum(osList.map((os) => os.memoryBytes)) },
    oses: osList,
    ihkReported: true,
  };
}

/** Applies live counters the board reports ({ikcMessages, offloadedSyscalls, lwkInUseBytes}). */
function applyCounters(state: NodeState, event: Loose): NodeState {
  return {
    ...state,
    ikcMessages: isCount(event.ikcMessages) ? event.ikcMessages : state.ikcMessages,
    offloadedSyscalls: isCount(event.offloadedSyscalls) ? event.offloadedSyscalls : state.offloadedSyscalls,
    memory: { ...state.memory, lwkInUseBytes: isCount(event.lwkInUseBytes) ? event.lwkInUseBytes : state.memory.lwkInUseBytes },
  };
}

/**
 * The node after one board event. Takes any event with a `type` so it keeps compiling while
 * the board's event union grows; events it does not know leave the state unchanged.
 */
export function nextNodeState(state: NodeState, event: { type: string }): NodeState {
  const loose = event as Loose;
  if (event.type === "ihk") return applyIhk(state, loose.state);
  if (event.type === "lwk-counters") return applyCounters(state, loose);
  // A node that boots or is restored starts with nothing partitioned.
  if (event.type === "phase" && (loose.phase === "booting" || loose.phase === "restoring")) {
    return initialNodeState({ cpus: state.cpus.length, memoryBytes: state.memory.totalBytes });
  }
  return state;
}
