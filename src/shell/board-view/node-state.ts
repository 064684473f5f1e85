// The board view's input: a small typed picture of the node, derived only from machine.json and
// the board's event feed. Before the IHK device reports anything, CPU 0 is Linux's and the
// others are offline (free for an LWK); each "ihk" event then replaces the partition, and each
// "lwk" event the LWK CPUs' threads, system-call counters and latest IKC traffic.

import type { CpuOwner } from "../../emu/board/ihk-partition.ts";

export type { CpuOwner };

export interface OsInstance {
  index: number;
  status: string;
  cpus: number[];
  memoryBytes: number;
}

export interface LwkCpuView {
  os: number;
  hwId: number;
  /** null while the CPU idles. */
  thread: { pid: number; tid: number; comm: string } | null;
  localCalls: number;
  offloadedCalls: number;
}

export interface LwkLogLine {
  seq: number;
  text: string;
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
  localSyscalls: number | undefined;
  offloadedSyscalls: number | undefined;
  /** The CPUs of running LWK instances. */
  lwkCpus: LwkCpuView[];
  /** Latest IKC messages, offloads and process events, oldest first. */
  lwkLog: LwkLogLine[];
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
    localSyscalls: undefined,
    offloadedSyscalls: undefined,
    lwkCpus: [],
    lwkLog: [],
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

function parseThread(value: unknown): LwkCpuView["thread"] | undefined {
  if (value === null) return null;
  if (!isObject(value) || !isCount(value.pid) || !isCount(value.tid) || typeof value.comm !== "string") return undefined;
  return { pid: value.pid, tid: value.tid, comm: value.comm };
}

function parseLwkCpu(value: unknown): LwkCpuView | undefined {
  if (!isObject(value) || !isCount(value.os) || !isCount(value.hwId) || !isCount(value.localCalls) || !isCount(value.offloadedCalls)) return undefined;
  const thread = parseThread(value.thread);
  if (thread === undefined) return undefined;
  return { os: value.os, hwId: value.hwId, thread, localCalls: value.localCalls, offloadedCalls: value.offloadedCalls };
}

function parseLogLine(value: unknown): LwkLogLine | undefined {
  return isObject(value) && isCount(value.seq) && typeof value.text === "string" ? { seq: value.seq, text: value.text } : undefined;
}

/** Applies the LWK activity the board reports; a malformed report leaves the state unchanged. */
function applyLwk(state: NodeState, report: unknown): NodeState {
  if (!isObject(report) || !Array.isArray(report.cpus) || !Array.isArray(report.log)) return state;
  if (!isCount(report.localCalls) || !isCount(report.offloadedCalls) || !isCount(report.ikcMessages)) return state;
  if (report.lwkInUseBytes !== undefined && !isCount(report.lwkInUseBytes)) return state;
  const cpus = report.cpus.map(parseLwkCpu);
  const log = report.log.map(parseLogLine);
  if (cpus.includes(undefined) || log.includes(undefined)) return state;
  return {
    ...state,
    ikcMessages: report.ikcMessages,
    localSyscalls: report.localCalls,
    offloadedSyscalls: report.offloadedCalls,
    lwkCpus: cpus as LwkCpuView[],
    lwkLog: log as LwkLogLine[],
    memory: { ...state.memory, lwkInUseBytes: report.lwkInUseBytes },
  };
}

/**
 * The node after one board event. Takes any event with a `type` so it keeps compiling while
 * the board's event union grows; events it does not know leave the state unchanged.
 */
export function nextNodeState(state: NodeState, event: { type: string }): NodeState {
  const loose = event as Loose;
  if (event.type === "ihk") return applyIhk(state, loose.state);
  if (event.type === "lwk") return applyLwk(state, loose.activity);
  // A node that boots or is restored starts with nothing partitioned.
  if (event.type === "phase" && (loose.phase === "booting" || loose.phase === "restoring")) {
    return initialNodeState({ cpus: state.cpus.length, memoryBytes: state.memory.totalBytes });
  }
  return state;
}
