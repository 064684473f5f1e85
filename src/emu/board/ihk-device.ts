// The IHK board device: what ihk-smp-x86.ko drives through I/O ports and one IRQ line
// (layout in src/abi/ihk-board.ts). It reports the node's topology, keeps the book of CPU and
// memory ownership the driver tells it (IhkPartition), starts a loaded mckernel.img on the
// assigned cores at BOOT, and raises its IRQ when an OS instance changes state on its own or
// when an LWK queued IKC packets for Linux. Its doorbell register interrupts one LWK CPU.

import { BOARD, BOOT_PARAM, BOOT_STATUS, CMD, DOORBELL_OS_SHIFT, IRQ, REG, type OsStatusName } from "../../abi/ihk-board.ts";
import { decodeImage } from "../../abi/ihk-image.ts";
import { StructView } from "../../abi/layout.ts";
import type { GuestRam } from "../v86/guest-ram.ts";
import type { EventFeed } from "./events.ts";
import type { DeviceBus, HostDevice } from "./host-device.ts";
import { evaluateImage, ImageLoadError, LwkCores } from "./ihk-cores.ts";
import { EINVAL, ENOENT, ENOEXEC, EBUSY, IhkPartition, type IhkBoardState, type PartitionState } from "./ihk-partition.ts";

export interface IhkDeviceOptions {
  events: EventFeed;
  /** Asks the scheduler for a turn (LWK work was queued). */
  wake: () => void;
}

export class IhkDevice implements HostDevice {
  readonly name = "ihk";
  readonly cores: LwkCores;
  private bus: DeviceBus | undefined;
  private readonly partition = new IhkPartition(() => this.bus?.ram.bytes().length ?? 0);
  private readonly args = [0, 0, 0];
  private result = 0;
  private irqPending = 0;

  constructor(private readonly options: IhkDeviceOptions) {
    this.cores = new LwkCores(() => this.ram(), options.wake);
  }

  attach(bus: DeviceBus): void {
    this.bus = bus;
    const at = (reg: number): number => BOARD.port + reg;
    const constant = (value: number) => ({ read32: () => value });
    bus.registerPort(at(REG.ID), constant(BOARD.magic));
    bus.registerPort(at(REG.VERSION), constant(BOARD.version));
    bus.registerPort(at(REG.CPUS_PRESENT), constant((1 << BOARD.cpus) - 1));
    bus.registerPort(at(REG.CPUS_LWK), constant(BOARD.lwkCpuMask));
    [REG.ARG0, REG.ARG1, REG.ARG2].forEach((reg, i) => {
      bus.registerPort(at(reg), { read32: () => this.args[i]!, write32: (value) => void (this.args[i] = value >>> 0) });
    });
    bus.registerPort(at(REG.COMMAND), { write32: (cmd) => void (this.result = this.command(cmd)) });
    bus.registerPort(at(REG.RESULT), { read32: () => this.result >>> 0 });
    bus.registerPort(at(REG.IRQ_STATUS), { read32: () => this.irqPending, write32: (bits) => this.acknowledge(bits) });
    // A doorbell for a CPU or OS that is not running is lost, as an IPI to it would be.
    bus.registerPort(at(REG.DOORBELL), {
      write32: (value) => void this.cores.ringDoorbell(value >>> DOORBELL_OS_SHIFT, value & ((1 << DOORBELL_OS_SHIFT) - 1)),
    });
    if (this.irqPending) bus.raiseIrq(BOARD.irq);
  }

  /** Who owns each CPU, reserved and assigned memory, OS states. */
  state(): IhkBoardState {
    return this.partition.view();
  }

  saveState(): unknown {
    return { partition: this.partition.save() };
  }

  restoreState(state: unknown): void {
    this.cores.stopAll();
    this.partition.restore((state as { partition: PartitionState }).partition);
    this.changed();
  }

  /** The node is (re)booting: Linux forgot everything it had reserved. */
  reset(): void {
    this.cores.stopAll();
    this.partition.reset();
    this.irqPending = 0;
    this.changed();
  }

  private command(cmd: number): number {
    const [a0, a1, a2] = this.args as [number, number, number];
    const p = this.partition;
    const outcome = ((): number => {
      switch (cmd) {
        case CMD.RESERVE_CPU: return p.reserveCpus(a0);
        case CMD.RELEASE_CPU: return p.releaseCpus(a0);
        case CMD.RESERVE_MEM: return p.reserveMemory({ start: a0, size: a1 });
        case CMD.RELEASE_MEM: return p.releaseMemory({ start: a0, size: a1 });
        case CMD.CREATE_OS: return p.createOs(a0);
        case CMD.DESTROY_OS: return p.destroyOs(a0);
        case CMD.ASSIGN_CPU: return p.assignCpus(a0, a1);
        case CMD.RELEASE_OS_CPU: return p.releaseOsCpus(a0, a1);
        case CMD.ASSIGN_MEM: return p.assignMemory(a0, { start: a1, size: a2 });
        case CMD.RELEASE_OS_MEM: return p.releaseOsMemory(a0, { start: a1, size: a2 });
        case CMD.BOOT: return this.boot(a0, a1);
        case CMD.SHUTDOWN: return this.shutdown(a0);
        case CMD.OS_STATUS: return p.status(a0);
        default: return -EINVAL;
      }
    })();
    if (outcome === 0 && cmd !== CMD.OS_STATUS) this.changed();
    return outcome;
  }

  private boot(index: number, bootParam: number): number {
    const os = this.partition.os(index);
    if (!os) return -ENOENT;
    if (os.status !== "INACTIVE") return -EBUSY;
    const memory = os.memory;
    if (!memory || !os.cpus) return -EINVAL;
    const memEnd = memory.start + memory.size;
    if (bootParam < memory.start || bootParam + BOOT_PARAM.size > memEnd) return -EINVAL;
    const ram = this.ram().bytes();
    const bp = new StructView(BOOT_PARAM, ram, bootParam);
    const nrCpus = bp.get("nr_cpus");
    const hwIds = Array.from({ length: Math.min(nrCpus, BOARD.cpus) }, (_, i) => bp.get("cpu_hw_ids", i));
    // On this board a CPU's APIC id is its number: the driver must start exactly its CPUs.
    const mask = hwIds.reduce((m, id) => m | (1 << id), 0);
    if (bp.get("start") !== memory.start || bp.get("end") !== memEnd || nrCpus !== hwIds.length || mask !== os.cpus) return -EINVAL;
    const imageSize = Math.min(bp.get("image_size"), memory.size);
    const check = decodeImage(ram.subarray(memory.start, memory.start + imageSize), imageSize);
    if (!check.ok) return this.refuse(index, check.reason);
    let image;
    try {
      image = evaluateImage(check.javascript);
    } catch (error) {
      if (error instanceof ImageLoadError) return this.refuse(index, error.message);
      throw error;
    }
    this.partition.setStatus(index, "BOOTING");
    this.cores.start({
      os: index,
      hwIds,
      memory,
      bootParam,
      image,
      onProgress: () => this.checkReady(index, bootParam),
      onPanic: (reason) => this.panic(index, reason),
      onIdle: () => this.checkHung(index),
      onIkcIrq: () => this.raiseIkcIrq(),
    });
    return 0;
  }

  private refuse(index: number, reason: string): number {
    this.options.events.emit({ type: "notice", level: "warning", message: `IHK board: OS ${index} not booted: ${reason}` });
    return -ENOEXEC;
  }

  private shutdown(index: number): number {
    if (!this.partition.isAlive(index)) return this.partition.os(index) ? -EINVAL : -ENOENT;
    this.cores.stop(index);
    this.partition.setStatus(index, "SHUTDOWN");
    return 0;
  }

  private checkReady(index: number, bootParam: number): void {
    if (this.partition.os(index)?.status !== "BOOTING") return;
    const bp = new StructView(BOOT_PARAM, this.ram().bytes(), bootParam);
    if (bp.get("status") === BOOT_STATUS.READY) this.statusFromLwk(index, "RUNNING");
  }

  /** An LWK that stops working before it is READY will never be: IHK calls that hung up. */
  private checkHung(index: number): void {
    if (this.partition.os(index)?.status !== "BOOTING") return;
    this.options.events.emit({ type: "notice", level: "warning", message: `LWK of OS ${index} stopped before it was ready` });
    this.statusFromLwk(index, "HUNGUP");
  }

  private panic(index: number, reason: string): void {
    this.options.events.emit({ type: "notice", level: "warning", message: `LWK of OS ${index} panicked: ${reason}` });
    this.statusFromLwk(index, "PANIC");
  }

  /** A state change the driver did not ask for: tell it through the IRQ. */
  private statusFromLwk(index: number, status: OsStatusName): void {
    this.partition.setStatus(index, status);
    this.irqPending |= IRQ.OS_STATE;
    this.bus?.raiseIrq(BOARD.irq);
    this.changed();
  }

  /** An LWK put packets in a queue towards Linux. */
  private raiseIkcIrq(): void {
    this.irqPending |= IRQ.IKC;
    this.bus?.raiseIrq(BOARD.irq);
  }

  private acknowledge(bits: number): void {
    this.irqPending &= ~bits;
    if (!this.irqPending) this.bus?.lowerIrq(BOARD.irq);
  }

  private changed(): void {
    this.options.events.emit({ type: "ihk", state: this.partition.view() });
  }

  private ram(): GuestRam {
    if (!this.bus) throw new Error("the IHK board is not attached");
    return this.bus.ram;
  }
}
