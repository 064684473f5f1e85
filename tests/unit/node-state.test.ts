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

  it("takes live counters and keeps the ones a report leaves out", () => {
    let state = nextNodeState(initialNodeState(machine), { type: "lwk-counters", ikcMessages: 12, offloadedSyscalls: 5, lwkInUseBytes: 3 * MiB } as { type: string });
    state = nextNodeState(state, { type: "lwk-counters", ikcMessages: 14 } as { type: string });
    expect([state.ikcMessages, state.offloadedSyscalls, state.memory.lwkInUseBytes]).toEqual([14, 5, 3 * MiB]);
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
