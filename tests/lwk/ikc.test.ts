// The LWK's side of IKC against a fake HAL and a fake Linux written from the ABI: the master
// channel's INIT_ACK, channels to mcctrl's ports with CONNECT retried every second while
// refused, INIT_CHANNEL and "MCK/IHK booted.", offloaded calls and their answers on the
// calling CPU, the 502 channel's process messages, a full queue and a closed channel.

import { describe, expect, it } from "vitest";
import { BOOT_STATUS } from "../../src/abi/ihk-board.ts";
import { IKC_CHANNEL_AREA, IKC_MASTER_MSG, IKC_QUEUE_PACKETS } from "../../src/abi/ikc.ts";
import { MCCTRL_AREA, MCK_NR_EXIT_GROUP, SCD_MSG } from "../../src/abi/mcctrl.ts";
import type { HostLink, ProcessControl } from "../../src/lwk/kernel/host.ts";
import { host_link_register } from "../../src/lwk/kernel/host_link.ts";
import { mckernel_main } from "../../src/lwk/kernel/init.ts";
import { bootOn, fakeNode, type FakeNode } from "./fake-hal.ts";
import { FakeLinux } from "./ikc-linux.ts";

const MiB = 2 ** 20;
const START = 0x1000000;
const SIZE = 16 * MiB;

function boot(kargs: string, hwIds = [2, 3]): { node: FakeNode; linux: FakeLinux } {
  const node = fakeNode({ start: START, size: SIZE, hwIds, kargs });
  bootOn(node, mckernel_main, hwIds[0]!);
  node.drain();
  return { node, linux: new FakeLinux(node, hwIds[0]!) };
}

/** Boots with hidos and lets "mcctrl" accept and acknowledge every channel. */
function connected(hwIds = [2, 3]): { node: FakeNode; linux: FakeLinux } {
  const { node, linux } = boot("hidos", hwIds);
  linux.initAck();
  node.drain();
  linux.answerConnects(true);
  node.drain();
  for (const channel of linux.channels) {
    const [init] = linux.read(channel);
    channel.mcctrl = init!.arg;
    linux.write(channel, { msg: SCD_MSG.INIT_CHANNEL_ACKED, ref: init!.ref });
  }
  node.drain();
  return { node, linux };
}

function onCpu(node: FakeNode, hwId: number, work: () => void): void {
  node.hal.ihk_mc_interrupt_cpu(hwId, work);
  node.drain();
}

const noProcesses: ProcessControl = { prepare: () => -38, schedule: () => undefined, signal: () => undefined, cleanup: () => undefined };

describe("the master channel", () => {
  it("is READY before Linux acknowledges it, then logs the ack and, without hidos, MCK/IHK booted.", () => {
    const { node, linux } = boot("");
    expect(node.bootParam.get("status")).toBe(BOOT_STATUS.READY);
    expect(node.kmsg()).toMatch(/AP Booting: Done\n$/);
    expect(linux.fromLwk()).toEqual([]);
    linux.initAck();
    node.drain();
    expect(node.kmsg()).toMatch(/\[  0\]: AP Booting: Done\n\[  0\]: Master channel init acked\.\nMCK\/IHK booted\.\n$/);
    expect(linux.fromLwk()).toEqual([]);
    expect(host_link_register(noProcesses).ready()).toBe(false);
  });

  it("ignores a second INIT_ACK", () => {
    const { node, linux } = boot("");
    linux.initAck();
    linux.initAck();
    node.drain();
    expect(node.kmsg().match(/init acked/g)).toHaveLength(1);
  });
});

describe("the channels to mcctrl (hidos)", () => {
  it("connects every CPU to 501 and the BSP to 502, with areas from its memory", () => {
    const { node, linux } = boot("hidos");
    linux.initAck();
    node.drain();
    const connects = linux.fromLwk();
    expect(connects.map((c) => [c.msg, c.param[0], c.param[2]]).sort()).toEqual([
      [IKC_MASTER_MSG.CONNECT, 501, 2], [IKC_MASTER_MSG.CONNECT, 501, 3], [IKC_MASTER_MSG.CONNECT, 502, 2],
    ]);
    for (const c of connects) {
      expect(c.param[1] % 4096).toBe(0);
      expect(c.param[1]).toBeGreaterThanOrEqual(START);
      expect(c.param[1] + IKC_CHANNEL_AREA.SIZE).toBeLessThanOrEqual(START + SIZE);
    }
    expect(new Set(connects.map((c) => c.ref)).size).toBe(3);
    expect(node.kmsg()).toMatch(/Master channel init acked\.\n$/);
    expect(node.ikcIrqs()).toBeGreaterThan(0);
  });

  it("asks again every second while nobody listens, and boots once mcctrl acknowledged all", () => {
    const { node, linux } = boot("hidos");
    linux.initAck();
    node.drain();
    expect(linux.answerConnects(false)).toHaveLength(3);
    node.drain();
    expect(linux.fromLwk()).toEqual([]);
    expect(node.fireTimers()).toBe(3);
    node.drain();
    linux.answerConnects(true);
    node.drain();
    const inits = linux.channels.map((c) => [c, linux.read(c)] as const);
    const byPort = inits.map(([c, packets]) => [c.port, c.hwId, packets.map((p) => [p.msg, p.ref])]);
    expect(byPort.sort()).toEqual([
      [501, 2, [[SCD_MSG.INIT_CHANNEL, 0]]], [501, 3, [[SCD_MSG.INIT_CHANNEL, 1]]], [502, 2, [[SCD_MSG.INIT_CHANNEL, 0]]],
    ]);
    const areas = inits.map(([, packets]) => packets[0]!.arg);
    expect(new Set(areas).size).toBe(3);
    for (const [channel, [init]] of inits) {
      expect(node.kmsg()).not.toContain("MCK/IHK booted.");
      linux.write(channel, { msg: SCD_MSG.INIT_CHANNEL_ACKED, ref: init!.ref });
      node.drain();
    }
    expect(node.kmsg()).toMatch(/\[  0\]: Master channel init acked\.\nMCK\/IHK booted\.\n$/);
    expect(host_link_register(noProcesses).ready()).toBe(true);
  });
});

describe("offloaded system calls", () => {
  function offload(node: FakeNode, link: HostLink, hwId: number, results: Array<[number, number]>): void {
    onCpu(node, hwId, () => link.offload({ pid: 42, tid: 43, number: 5, args: [1, 2, 3, 4, 5, 6], vmGen: 7 }, (ret) => {
      results.push([ret, node.hal.ihk_mc_get_hardware_processor_id()]);
    }));
  }

  it("go on the calling CPU's 501 channel and their answers come back on that CPU", () => {
    const { node, linux } = connected();
    const link = host_link_register(noProcesses);
    const results: Array<[number, number]> = [];
    offload(node, link, 3, results);
    const channel = linux.channel(501, 3);
    const [call] = linux.read(channel);
    expect(call).toMatchObject({ msg: SCD_MSG.SYSCALL_ONESIDE, ref: 1, pid: 42, tid: 43, number: 5, args: [1, 2, 3, 4, 5, 6], vm_gen: 7 });
    expect(linux.read(linux.channel(501, 2))).toEqual([]);
    expect(node.hal.ihk_mc_map_phys(channel.mcctrl! + MCCTRL_AREA.DOORBELL, 4)).toEqual(new Uint8Array([2, 0, 0, 0]));
    expect(results).toEqual([]);
    linux.write(channel, { msg: SCD_MSG.SYSCALL_RESPONSE, ref: 1, seq: call!.seq, ret: -2 });
    node.drain();
    expect(results).toEqual([[-2, 3]]);
  });

  it("fail with ENOSYS, later and on the same CPU, while mcctrl has not acknowledged the channels", () => {
    const { node } = boot("hidos");
    const link = host_link_register(noProcesses);
    const results: Array<[number, number]> = [];
    onCpu(node, 3, () => {
      link.offload({ pid: 1, tid: 1, number: 4, args: [], vmGen: 0 }, (ret) => results.push([ret, node.hal.ihk_mc_get_hardware_processor_id()]));
      expect(results).toEqual([]);
    });
    expect(results).toEqual([[-38, 3]]);
  });

  it("wait for room when the queue towards Linux is full, on a timer", () => {
    const { node, linux } = connected();
    const link = host_link_register(noProcesses);
    const results: Array<[number, number]> = [];
    const many = IKC_QUEUE_PACKETS + 10;
    for (let i = 0; i < many; i++) offload(node, link, 2, results);
    const channel = linux.channel(501, 2);
    const first = linux.read(channel);
    expect(first).toHaveLength(IKC_QUEUE_PACKETS - 1);
    expect(node.fireTimers()).toBe(1);
    node.drain();
    const rest = linux.read(channel);
    expect(rest).toHaveLength(many - first.length);
    expect(new Set([...first, ...rest].map((p) => p.seq)).size).toBe(many);
  });

  it("end with ENOSYS when Linux closes the channel, which the LWK then reopens", () => {
    const { node, linux } = connected();
    const link = host_link_register(noProcesses);
    const results: Array<[number, number]> = [];
    offload(node, link, 3, results);
    const channel = linux.channel(501, 3);
    linux.toLwk(IKC_MASTER_MSG.DISCONNECT, channel.lwkId);
    node.drain();
    expect(results).toEqual([[-38, 3]]);
    expect(link.ready()).toBe(false);
    node.fireTimers();
    node.drain();
    expect(linux.fromLwk()).toMatchObject([{ msg: IKC_MASTER_MSG.CONNECT, ref: channel.lwkId, param: [501, channel.area, 3] }]);
  });
});

describe("the 502 channel", () => {
  it("prepares, schedules, signals and cleans up through the registered process side, and reports exits", () => {
    const { node, linux } = connected();
    const calls: string[] = [];
    const link = host_link_register({
      prepare: (pid, pa) => (calls.push(`prepare ${pid} ${pa.toString(16)}`), pid === 7 ? -12 : 0),
      schedule: (pid) => void calls.push(`schedule ${pid}`),
      signal: (pid, tid, sig) => void calls.push(`signal ${pid} ${tid} ${sig}`),
      cleanup: (pid) => void calls.push(`cleanup ${pid}`),
    });
    const control = linux.channel(502, 2);
    const post = control.mcctrl! + MCCTRL_AREA.POST;
    linux.write(control, { msg: SCD_MSG.PREPARE_PROCESS, pid: 6, arg: post });
    linux.write(control, { msg: SCD_MSG.PREPARE_PROCESS, pid: 7, arg: post });
    linux.write(control, { msg: SCD_MSG.PREPARE_PROCESS, pid: 8, arg: post - 4096 });
    linux.write(control, { msg: SCD_MSG.SCHEDULE_PROCESS, pid: 6 });
    linux.write(control, { msg: SCD_MSG.SEND_SIGNAL, pid: 6, tid: 0, args: [2] });
    linux.write(control, { msg: SCD_MSG.CLEANUP_PROCESS, pid: 6 });
    node.drain();
    expect(calls).toEqual([`prepare 6 ${post.toString(16)}`, `prepare 7 ${post.toString(16)}`, "schedule 6", "signal 6 0 2", "cleanup 6"]);
    expect(linux.read(control).map((p) => [p.msg, p.pid, p.ret])).toEqual([
      [SCD_MSG.PREPARE_PROCESS_ACKED, 6, 0], [SCD_MSG.PREPARE_PROCESS_NACKED, 7, -12], [SCD_MSG.PREPARE_PROCESS_NACKED, 8, -22],
    ]);
    onCpu(node, 3, () => link.exited(6, 9, 3 << 8));
    expect(linux.read(control)).toMatchObject([{ msg: SCD_MSG.SYSCALL_ONESIDE, pid: 6, tid: 9, number: MCK_NR_EXIT_GROUP, args: [768, 0, 0, 0, 0, 0] }]);
  });
});
