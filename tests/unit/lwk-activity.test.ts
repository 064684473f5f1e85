// What the board makes of the LWK's trace events for the page.

import { describe, expect, it } from "vitest";
import { LOG_ENTRIES, LwkActivity } from "../../src/emu/board/lwk-activity.ts";

describe("LWK activity", () => {
  it("counts local and offloaded calls per CPU and in all, and follows each CPU's thread", () => {
    const activity = new LwkActivity();
    let changes = 0;
    activity.onChange(() => changes++);
    activity.started(0, [2, 3], () => 3 * 4096);
    const ls = { pid: 120, tid: 120, comm: "ls" };
    activity.record(0, { type: "cpu", hwId: 2, thread: ls });
    activity.record(0, { type: "syscall", hwId: 2, pid: 120, tid: 120, number: 45, name: "brk", offloaded: false });
    activity.record(0, { type: "syscall", hwId: 2, pid: 120, tid: 120, number: 4, name: "write", offloaded: true });
    activity.record(0, { type: "syscall", hwId: 3, pid: 120, tid: 121, number: 20, name: "getpid", offloaded: false });
    const report = activity.report();
    expect(report.cpus).toEqual([
      { os: 0, hwId: 2, thread: ls, localCalls: 1, offloadedCalls: 1 },
      { os: 0, hwId: 3, thread: null, localCalls: 1, offloadedCalls: 0 },
    ]);
    expect([report.localCalls, report.offloadedCalls]).toEqual([2, 1]);
    expect(report.lwkInUseBytes).toBe(3 * 4096);
    expect(report.log.map((e) => e.text)).toEqual(["CPU 2: write() of 120/120 offloaded to Linux"]);
    expect(changes).toBe(5);
    activity.record(0, { type: "cpu", hwId: 2, thread: null });
    expect(activity.report().cpus[0]!.thread).toBeNull();
    // The report is a copy: the page cannot change the board's book.
    report.cpus[0]!.thread!.pid = 1;
    expect(activity.report().cpus[0]!.localCalls).toBe(1);
  });

  it("logs IKC messages and process events, keeping only the latest entries in order", () => {
    const activity = new LwkActivity();
    activity.started(0, [2], () => undefined);
    activity.record(0, { type: "ikc", direction: "from-linux", port: 502, msg: "PREPARE_PROCESS", pid: 7 });
    activity.record(0, { type: "process", pid: 7, event: "start", comm: "true" });
    activity.record(0, { type: "ikc", direction: "to-linux", port: 501, msg: "SYSCALL_ONESIDE" });
    activity.record(0, { type: "process", pid: 7, event: "exit", comm: "true", status: 0 });
    const report = activity.report();
    expect(report.ikcMessages).toBe(2);
    expect(report.processesStarted).toBe(1);
    expect(report.lwkInUseBytes).toBeUndefined();
    expect(report.log.map((e) => e.text)).toEqual([
      "IKC Linux → OS 0 port 502: PREPARE_PROCESS (pid 7)",
      "OS 0: process 7 (true) started",
      "IKC OS 0 → Linux port 501: SYSCALL_ONESIDE",
      "OS 0: process 7 (true) exited, status 0",
    ]);
    for (let i = 0; i < LOG_ENTRIES + 5; i++) activity.record(0, { type: "ikc", direction: "to-linux", port: 501, msg: `M${i}` });
    const log = activity.report().log;
    expect(log).toHaveLength(LOG_ENTRIES);
    expect(log.at(-1)!.text).toContain(`M${LOG_ENTRIES + 4}`);
    expect(log.every((e, i) => i === 0 || e.seq === log[i - 1]!.seq + 1)).toBe(true);
  });

  it("drops a stopped instance's CPUs and ignores events of instances it does not know", () => {
    const activity = new LwkActivity();
    activity.started(0, [2], () => undefined);
    activity.record(1, { type: "syscall", hwId: 3, pid: 1, tid: 1, number: 4, name: "write", offloaded: true });
    expect(activity.report().offloadedCalls).toBe(0);
    activity.stopped(0);
    expect(activity.report().cpus).toEqual([]);
  });
});
