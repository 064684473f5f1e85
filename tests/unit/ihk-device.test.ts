// The IHK board device on a fake bus: the driver's command sequence through its registers,
// the checks it makes, booting the real mckernel.img, its IRQ, and the state feed (and the
// page's status line) following every command.

import { beforeAll, describe, expect, it } from "vitest";
import { BOARD, BOOT_PARAM, BOOT_PARAM_AREA, CMD, DOORBELL_OS_SHIFT, IRQ, KMSG_BUF, KMSG_SIZE, OS_STATUS, REG } from "../../src/abi/ihk-board.ts";
import { encodeImage } from "../../src/abi/ihk-image.ts";
import { StructView } from "../../src/abi/layout.ts";
import type { PortHandlers } from "../../src/emu/v86/emulator.ts";
import { EventFeed, type BoardEvent } from "../../src/emu/board/events.ts";
import { IhkDevice } from "../../src/emu/board/ihk-device.ts";
import { EBUSY, EINVAL, ENOEXEC, type IhkBoardState } from "../../src/emu/board/ihk-partition.ts";
import { buildLwkImage } from "../../src/lwk/build-image.ts";
import { formatIhkStatus } from "../../src/shell/ihk-status.ts";

const MiB = 2 ** 20;
const OS_START = 16 * MiB;
const OS_SIZE = 16 * MiB;
const OS_END = OS_START + OS_SIZE;
const BOOT_PARAM_AT = OS_END - KMSG_SIZE - BOOT_PARAM_AREA;

let lwkImage: Uint8Array;
beforeAll(async () => {
  lwkImage = await buildLwkImage();
});

function board() {
  const ports = new Map<number, PortHandlers>();
  const ram = new Uint8Array(32 * MiB);
  const irq = { raised: 0, lowered: 0, level: false };
  const events = new EventFeed();
  const states: IhkBoardState[] = [];
  const notices: string[] = [];
  events.subscribe((event: BoardEvent) => {
    if (event.type === "ihk") states.push(event.state);
    if (event.type === "notice") notices.push(event.message);
  });
  let woken = 0;
  const device = new IhkDevice({ events, wake: () => woken++ });
  device.attach({
    registerPort: (port, handlers) => void ports.set(port, handlers),
    raiseIrq: () => { irq.raised++; irq.level = true; },
    lowerIrq: () => { irq.lowered++; irq.level = false; },
    ram: { bytes: () => ram, write: (at, data) => ram.set(data, at) },
  });
  const reg = (r: number): PortHandlers => ports.get(BOARD.port + r)!;
  const cmd = (command: number, a0 = 0, a1 = 0, a2 = 0): number => {
    reg(REG.ARG0).write32!(a0);
    reg(REG.ARG1).write32!(a1);
    reg(REG.ARG2).write32!(a2);
    reg(REG.COMMAND).write32!(command);
    return reg(REG.RESULT).read32!() | 0;
  };
  /** What ihk-smp-x86 does before BOOT: image at the start, parameters and kmsg at the top. */
  const load = (image: Uint8Array, hwIds = [2, 3]): void => {
    ram.set(image, OS_START);
    const bp = new StructView(BOOT_PARAM, ram, BOOT_PARAM_AT);
    bp.set("start", OS_START);
    bp.set("end", OS_END);
    bp.set("msg_buffer", OS_END - KMSG_SIZE);
    bp.set("image_size", image.length);
    bp.set("nr_cpus", hwIds.length);
    hwIds.forEach((id, i) => bp.set("cpu_hw_ids", id, i));
    new StructView(KMSG_BUF, ram, OS_END - KMSG_SIZE).set("len", KMSG_SIZE - KMSG_BUF.size);
  };
  const prepare = (): void => {
    expect(cmd(CMD.RESERVE_CPU, 0b1100)).toBe(0);
    expect(cmd(CMD.RESERVE_MEM, OS_START, OS_SIZE)).toBe(0);
    expect(cmd(CMD.CREATE_OS, 0)).toBe(0);
    expect(cmd(CMD.ASSIGN_CPU, 0, 0b1100)).toBe(0);
    expect(cmd(CMD.ASSIGN_MEM, 0, OS_START, OS_SIZE)).toBe(0);
  };
  const runCores = (): void => {
    for (let i = 0; i < 100 && device.cores.busy(); i++) device.cores.runSlice(50);
  };
  return { device, reg, cmd, load, prepare, runCores, irq, states, notices, woken: () => woken, ram };
}

describe("the IHK board device", () => {
  it("reports its identity and the node's CPUs", () => {
    const { reg } = board();
    expect(reg(REG.ID).read32!()).toBe(BOARD.magic);
    expect(reg(REG.CPUS_PRESENT).read32!()).toBe(0b1111);
    expect(reg(REG.CPUS_LWK).read32!()).toBe(0b1110);
  });

  it("refuses CPU 0, unknown CPUs, a CPU twice, and releasing what is assigned", () => {
    const { cmd } = board();
    expect(cmd(CMD.RESERVE_CPU, 0b0001)).toBe(-EINVAL);
    expect(cmd(CMD.RESERVE_CPU, 0b10000)).toBe(-EINVAL);
    expect(cmd(CMD.RESERVE_CPU, 0b0100)).toBe(0);
    expect(cmd(CMD.RESERVE_CPU, 0b0110)).toBe(-EINVAL);
    expect(cmd(CMD.CREATE_OS, 0)).toBe(0);
    expect(cmd(CMD.ASSIGN_CPU, 0, 0b1000)).toBe(-EINVAL);
    expect(cmd(CMD.ASSIGN_CPU, 0, 0b0100)).toBe(0);
    expect(cmd(CMD.RELEASE_CPU, 0b0100)).toBe(-EBUSY);
  });

  it("boots the real mckernel.img to RUNNING, raising its IRQ, and its feed follows every step", () => {
    const b = board();
    b.prepare();
    b.load(lwkImage);
    expect(formatIhkStatus(b.states.at(-1)!)).toBe(
      "IHK: CPU0 Linux | CPU1 free | CPU2 OS0 | CPU3 OS0 · reserved 16 MiB · OS0 INACTIVE (CPUs 2,3, 16 MiB at 0x1000000)");
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(0);
    expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.BOOTING);
    expect(b.woken()).toBeGreaterThan(0);
    b.runCores();
    expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.RUNNING);
    expect(b.irq.level).toBe(true);
    b.reg(REG.IRQ_STATUS).write32!(b.reg(REG.IRQ_STATUS).read32!());
    expect(b.irq.level).toBe(false);
    const running = b.states.at(-1)!;
    expect(running.cpus.map((c) => c.kind)).toEqual(["linux", "free", "running", "running"]);
    expect(formatIhkStatus(running)).toContain("CPU2 OS0 running | CPU3 OS0 running");
    expect(b.cmd(CMD.ASSIGN_CPU, 0, 0b0010)).toBe(-EBUSY);
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(-EBUSY);
    expect(b.cmd(CMD.DESTROY_OS, 0)).toBe(-EBUSY);
    expect(b.cmd(CMD.SHUTDOWN, 0)).toBe(0);
    expect(b.cmd(CMD.RELEASE_OS_MEM, 0, OS_START, OS_SIZE)).toBe(0);
    expect(b.cmd(CMD.DESTROY_OS, 0)).toBe(0);
    expect(b.cmd(CMD.RELEASE_CPU, 0b1100)).toBe(0);
    expect(b.cmd(CMD.RELEASE_MEM, OS_START, OS_SIZE)).toBe(0);
    expect(formatIhkStatus(b.states.at(-1)!)).toBe("IHK: CPU0 Linux | CPU1 free | CPU2 free | CPU3 free · reserved 0 MiB");
  });

  it("refuses a damaged image at BOOT and stays bootable", () => {
    const b = board();
    b.prepare();
    const damaged = lwkImage.slice();
    damaged[damaged.length - 10]! ^= 0xff;
    b.load(damaged);
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(-ENOEXEC);
    expect(b.notices.at(-1)).toContain("checksum mismatch");
    expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.INACTIVE);
    b.load(lwkImage);
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(0);
  });

  it("refuses boot parameters naming CPUs the OS was not given", () => {
    const b = board();
    b.prepare();
    b.load(lwkImage, [1, 2]);
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(-EINVAL);
  });

  it("shows an LWK that stops before it is ready as HUNGUP", () => {
    const b = board();
    b.prepare();
    b.load(encodeImage("var mckernel = { start(hal) {} };"));
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(0);
    b.runCores();
    expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.HUNGUP);
    expect(b.irq.level).toBe(true);
    expect(b.cmd(CMD.SHUTDOWN, 0)).toBe(0);
    expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.SHUTDOWN);
  });

  it("shows an LWK that throws as PANIC, and an LWK reaching outside its memory too", () => {
    for (const body of ["throw new Error('oops')", "hal.ihk_mc_map_phys(0, 4)"]) {
      const b = board();
      b.prepare();
      b.load(encodeImage(`var mckernel = { start(hal) { ${body}; } };`));
      expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(0);
      b.runCores();
      expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.PANIC);
      expect(b.irq.level).toBe(true);
      expect(b.notices.at(-1)).toMatch(/panicked/);
    }
  });

  it("rings an LWK CPU's doorbell and raises the IKC interrupt for the LWK, acknowledged like OS_STATE", () => {
    const b = board();
    b.prepare();
    // Each CPU answers its doorbell with the IKC interrupt and counts it in the kmsg area's last byte.
    b.load(encodeImage(`var mckernel = { start(hal) {
      const count = () => { hal.ihk_mc_map_phys(${OS_END - 1}, 1)[0]++; hal.ihk_mc_send_ikc_irq(); };
      hal.ihk_mc_register_ikc_handler(count);
      hal.ihk_mc_boot_cpu(3, () => hal.ihk_mc_register_ikc_handler(count));
      hal.ihk_mc_map_phys(${BOOT_PARAM_AT}, 64)[52] = 2;
    } };`));
    expect(b.cmd(CMD.BOOT, 0, BOOT_PARAM_AT)).toBe(0);
    b.runCores();
    expect(b.cmd(CMD.OS_STATUS, 0)).toBe(OS_STATUS.RUNNING);
    b.reg(REG.IRQ_STATUS).write32!(IRQ.OS_STATE);
    expect(b.irq.level).toBe(false);
    const doorbell = b.reg(REG.DOORBELL).write32!;
    // Not this OS, not its CPUs: lost, as an IPI would be.
    doorbell((1 << DOORBELL_OS_SHIFT) | 2);
    doorbell(1);
    b.runCores();
    expect(b.ram[OS_END - 1]).toBe(0);
    expect(b.irq.level).toBe(false);
    doorbell(2);
    doorbell(3);
    b.runCores();
    expect(b.ram[OS_END - 1]).toBe(2);
    expect(b.reg(REG.IRQ_STATUS).read32!()).toBe(IRQ.IKC);
    expect(b.irq.level).toBe(true);
    b.reg(REG.IRQ_STATUS).write32!(IRQ.IKC);
    expect(b.irq.level).toBe(false);
    expect(b.cmd(CMD.SHUTDOWN, 0)).toBe(0);
    doorbell(2);
    b.runCores();
    expect(b.ram[OS_END - 1]).toBe(2);
  });
});
