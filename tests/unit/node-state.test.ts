import { describe, expect, it } from "vitest";
import { initialNodeState, nextNodeState } from "../../src/shell/board-view/node-state.ts";

const machine = { cpus: 4, memoryBytes: 2 ** 31 };
const MiB = 2 ** 20;

describe("node state derived from the board's events", () => {
  it("starts with CPU 0 Linux's, the others free, nothing reserved", () => {
    const state = initialNodeState(machine);
    expect(state.cpus.map((c) => c.kind)).toEqual(["linux", "free", "free", "free"]);
    expect(state.memory).toEqual({ totalBytes: 2 ** 31, reservedBytes: 0, assignedBytes: 0, lwkInUseBytes: undefined });
    expect(state.ihkReported).toBe(false);
  });

  it("takes CPU owners, reserved and assigned memory and OS states from an ihk event", () => {
    const state = nextNodeState(initialNodeState(machine), {
      type: "ihk",
      state: {
        cpus: [{ kind: "linux" }, { kind: "free" }, { kind: "running", os: 0 }, { kind: "assigned", os: 0 }],
        reserved: [{ start: 0x10000000, size: 256 * MiB }, { start: 0x30000000, size: 256 * MiB }],
        oses: [{ index: 0, status: "BOOTING", cpus: [2, 3], memory: { start: 0x10000000, size: 128 * MiB } }],
      },
    } as { type: string });
    expect(state.cpus).toEqual([{ kind: "linux" }, { kind: "free" }, { kind: "running", os: 0 }, { kind: "assigned", os: 0 }]);
    expect(state.memory.reservedBytes).toBe(512 * MiB);
    expect(state.memory.assignedBytes).toBe(128 * MiB);
    expect(state.oses).toEqual([{ index: 0, status: "BOOTING", cpus: [2, 3], memoryBytes: 128 * MiB }]);
    expect(state.ihkReported).toBe(true);
  });

  it("counts an OS without memory as having none", () => {
    const state = nextNodeState(initialNodeState(machine), {
      type: "ihk",
      state: { cpus: [{ kind: "linux" }, { kind: "free" }, { kind: "free" }, { kind: "free" }], reserved: [], oses: [{ index: 0, status: "INACTIVE", cpus: [] }] },
    } as { type: string });
    expect(state.oses[0]).toEqual({ index: 0, status: "INACTIVE", cpus: [], memoryBytes: 0 });
  });

  it("ignores a malformed ihk report instead of showing half of it", () => {
    const before = initialNodeState(machine);
    const bad = [
      { cpus: [{ kind: "borrowed" }], reserved: [], oses: [] },
      { cpus: [{ kind: "assigned" }], reserved: [], oses: [] },
      { cpus: [], reserved: [{ start: -1, size: 4096 }], oses: [] },
      { cpus: [], reserved: [], oses: [{ index: 0, status: "RUNNING", cpus: ["2"] }] },
      "not a report",
    ];
    for (const report of bad) expect(nextNodeState(before, { type: "ihk", state: report } as { type: string })).toBe(before);
  });

  it("takes the LWK CPUs' threads, the system-call counters, the IKC log and the LWK's memory from an lwk event", () => {
    const activity = {
      cpus: [
        { os: 0, hwId: 2, thread: { pid: 120, tid: 120, comm: "ls" }, localCalls: 40, offloadedCalls: 12 },
        { os: 0, hwId: 3, thread: null, localCalls: 0, offloadedCalls: 0 },
      ],
      localCalls: 40,
      offloadedCalls: 12,
      ikcMessages: 30,
      lwkInUseBytes: 3 * MiB,
      log: [{ seq: 7, text: "CPU 2: write() of 120/120 offloaded to Linux" }],
    };
    const state = nextNodeState(initialNodeState(machine), { type: "lwk", activity } as { type: string });
    expect(state.lwkCpus).toEqual(activity.cpus);
    expect([state.localSyscalls, state.offloadedSyscalls, state.ikcMessages, state.memory.lwkInUseBytes]).toEqual([40, 12, 30, 3 * MiB]);
    expect(state.lwkLog).toEqual(activity.log);
    const bad = [
      { ...activity, cpus: [{ ...activity.cpus[0], thread: { pid: "120" } }] },
      { ...activity, localCalls: -1 },
      { ...activity, log: [{ seq: 1 }] },
      "not a report",
    ];
    for (const report of bad) expect(nextNodeState(state, { type: "lwk", activity: report } as { type: string })).toBe(state);
  });

  it("forgets the partition when the node boots again", () => {
    const reserved = nextNodeState(initialNodeState(machine), {
      type: "ihk",
      state: { cpus: [{ kind: "linux" }, { kind: "reserved" }, { kind: "free" }, { kind: "free" }], reserved: [{ start: 0, size: MiB }], oses: [] },
    } as { type: string });
    const rebooted = nextNodeState(reserved, { type: "phase", phase: "booting", detail: "" } as { type: string });
    expect(rebooted).toEqual(initialNodeState(machine));
  });

  it("leaves the state alone on events it does not know", () => {
    const state = initialNodeState(machine);
    expect(nextNodeState(state, { type: "prompt" })).toBe(state);
    expect(nextNodeState(state, { type: "phase", phase: "running", detail: "" } as { type: string })).toBe(state);
  });
});
