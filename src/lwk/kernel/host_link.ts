// The LWK's link to Linux (McKernel's kernel/host.c and the offload half of kernel/syscall.c):
// the master IKC channel, and with the karg `hidos` the system-call delegation channels to
// mcctrl: one to port 501 from every LWK CPU and one to port 502 from the BSP, each with its
// mcctrl area (doorbell page and post area). Protocol: src/abi/mcctrl.ts; the process side
// registers its ProcessControl with host_link_register.

import { IKC_CHANNEL_AREA } from "../../abi/ikc.ts";
import { KARGS, MCCTRL_AREA, MCCTRL_PORT, MCK_NR_EXIT_GROUP, SCD_MSG } from "../../abi/mcctrl.ts";
import type { IhkMcHal } from "../hal.ts";
import { EINVAL, ENOSYS } from "./errno.ts";
import type { HostLink, OffloadRequest, ProcessControl } from "./host.ts";
import { IkcChannel, IkcDoorbells } from "./ikc/channel.ts";
import { IkcMaster } from "./ikc/master.ts";
import { scd_decode, scd_encode, scd_msg_name, type ScdPacket } from "./ikc/scd.ts";
import { kprintf, kputs } from "./kmsg.ts";
import { PAGE_SIZE, type PageAllocator } from "./page_alloc.ts";

export interface HostLinkConfig {
  /** APIC ids of the LWK CPUs, BSP first: McKernel's CPU n is hwIds[n]. */
  hwIds: readonly number[];
  kernelArgs: string;
  /** The master channel's queues (ihk_boot_param.mikc_queue_send / _recv). */
  mikcSend: number;
  mikcRecv: number;
  /** APIC id of the Linux CPU that takes the IKC interrupt. */
  linuxCpu: number;
  pages: PageAllocator;
}

/** A channel to mcctrl. */
interface ScdChannel {
  channel: IkcChannel;
  /** McKernel's number of the CPU that reads it. */
  cpu: number;
  /** Physical address of its mcctrl area. */
  area: number;
  acked: boolean;
}

interface PendingCall {
  hwId: number;
  channel: ScdChannel;
  done: (ret: number) => void;
}

class HostLinkImpl implements HostLink {
  private readonly doorbells: IkcDoorbells;
  private readonly master: IkcMaster;
  private readonly hidos: boolean;
  private readonly syscallChannels = new Map<number, ScdChannel>();
  private controlChannel: ScdChannel | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private control: ProcessControl | undefined;
  private nextChannelId = 1;
  private seq = 0;
  private booted = false;

  constructor(private readonly hal: IhkMcHal, private readonly config: HostLinkConfig) {
    this.hidos = config.kernelArgs.split(/\s+/).includes(KARGS.HIDOS);
    this.doorbells = new IkcDoorbells(hal);
    const queues = { toLinux: config.mikcSend, fromLinux: config.mikcRecv, bsp: config.hwIds[0]!, linuxCpu: config.linuxCpu };
    this.master = new IkcMaster(hal, this.doorbells, queues, () => this.masterAcked());
  }

  register(control: ProcessControl): void {
    this.control = control;
  }

  ready(): boolean {
    return this.booted && this.allAcked();
  }

  offload(request: OffloadRequest, done: (ret: number) => void): void {
    const hwId = this.hal.ihk_mc_get_hardware_processor_id();
    const channel = this.syscallChannels.get(hwId);
    if (!channel?.acked) {
      this.hal.ihk_mc_interrupt_cpu(hwId, () => done(-ENOSYS));
      return;
    }
    const seq = this.nextSeq();
    this.pending.set(seq, { hwId, channel, done });
    this.writeDoorbell(channel);
    this.send(channel, {
      msg: SCD_MSG.SYSCALL_ONESIDE,
      pid: request.pid,
      tid: request.tid,
      number: request.number,
      args: [...request.args],
      seq,
      vmGen: request.vmGen,
    });
  }

  exited(pid: number, tid: number, waitStatus: number): void {
    const channel = this.controlChannel;
    if (!channel?.acked) return;
    this.send(channel, { msg: SCD_MSG.SYSCALL_ONESIDE, pid, tid, number: MCK_NR_EXIT_GROUP, args: [waitStatus], seq: this.nextSeq() });
  }

  private *channels(): Iterable<ScdChannel> {
    yield* this.syscallChannels.values();
    if (this.controlChannel) yield this.controlChannel;
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0 || 1;
    return this.seq;
  }

  /** McKernel's doorbell word (cpu + 1): only mcctrl's polling mode would watch it. */
  private writeDoorbell(channel: ScdChannel): void {
    const word = this.hal.ihk_mc_map_phys(channel.area + MCCTRL_AREA.DOORBELL, 4);
    new DataView(word.buffer, word.byteOffset, 4).setUint32(0, channel.cpu + 1, true);
  }

  private masterAcked(): void {
    if (!this.hidos) return this.boot();
    this.config.hwIds.forEach((hwId, cpu) => {
      this.hal.ihk_mc_interrupt_cpu(hwId, () => this.open(MCCTRL_PORT.SYSCALL, cpu, hwId));
    });
    this.open(MCCTRL_PORT.CONTROL, 0, this.config.hwIds[0]!);
  }

  /** On CPU hwId: a channel and its mcctrl area from our memory, then CONNECT. */
  private open(port: number, cpu: number, hwId: number): void {
    const pages = this.config.pages;
    const area = pages.alloc(IKC_CHANNEL_AREA.SIZE / PAGE_SIZE);
    const mcctrl = pages.alloc(MCCTRL_AREA.SIZE / PAGE_SIZE);
    if (area === undefined || mcctrl === undefined) {
      kprintf(`IKC: no memory for the channel to port ${port}`);
      return;
    }
    this.hal.ihk_mc_map_phys(mcctrl, MCCTRL_AREA.SIZE).fill(0);
    const channel = new IkcChannel(this.hal, {
      id: this.nextChannelId++,
      port,
      hwId,
      toLinux: area + IKC_CHANNEL_AREA.LWK_TO_LINUX,
      fromLinux: area + IKC_CHANNEL_AREA.LINUX_TO_LWK,
    });
    const scd: ScdChannel = { channel, cpu, area: mcctrl, acked: false };
    channel.onPacket = (packet) => this.received(scd, scd_decode(packet));
    if (port === MCCTRL_PORT.CONTROL) this.controlChannel = scd;
    else this.syscallChannels.set(hwId, scd);
    this.master.connect(channel, area, {
      opened: () => this.send(scd, { msg: SCD_MSG.INIT_CHANNEL, ref: cpu, arg: mcctrl }),
      closed: () => this.closed(scd),
    });
  }

  private closed(scd: ScdChannel): void {
    scd.acked = false;
    for (const [seq, call] of this.pending) {
      if (call.channel !== scd) continue;
      this.pending.delete(seq);
      this.hal.ihk_mc_interrupt_cpu(call.hwId, () => call.done(-ENOSYS));
    }
  }

  private boot(): void {
    if (this.booted) return;
    this.booted = true;
    kputs("MCK/IHK booted.\n");
  }

  private send(scd: ScdChannel, packet: Partial<ScdPacket> & { msg: number }): void {
    this.trace("to-linux", scd, packet.msg, packet.pid);
    scd.channel.send(scd_encode({ ref: scd.cpu, ...packet }));
  }

  private received(scd: ScdChannel, packet: ScdPacket): void {
    this.trace("from-linux", scd, packet.msg, packet.pid || undefined);
    const control = scd === this.controlChannel;
    switch (packet.msg) {
      case SCD_MSG.INIT_CHANNEL_ACKED:
        scd.acked = true;
        if (this.allAcked()) this.boot();
        return;
      case SCD_MSG.SYSCALL_RESPONSE:
        return this.responded(packet);
      case SCD_MSG.PREPARE_PROCESS:
        if (control) return this.prepare(scd, packet);
        break;
      case SCD_MSG.SCHEDULE_PROCESS:
        if (control) return this.control?.schedule(packet.pid);
        break;
      case SCD_MSG.SEND_SIGNAL:
        if (control) return this.control?.signal(packet.pid, packet.tid, packet.args[0]!);
        break;
      case SCD_MSG.CLEANUP_PROCESS:
        if (control) return this.control?.cleanup(packet.pid);
        break;
    }
    kprintf(`IKC: unexpected ${scd_msg_name(packet.msg)} on port ${scd.channel.port}`);
  }

  /** Every CPU's 501 channel and the 502 channel exist and mcctrl acknowledged them. */
  private allAcked(): boolean {
    const all = [...this.channels()];
    return all.length === this.config.hwIds.length + 1 && all.every((c) => c.acked);
  }

  private responded(packet: ScdPacket): void {
    const call = this.pending.get(packet.seq);
    if (!call) return kprintf(`IKC: response to unknown call ${packet.seq}`);
    this.pending.delete(packet.seq);
    if (call.hwId === this.hal.ihk_mc_get_hardware_processor_id()) call.done(packet.ret);
    else this.hal.ihk_mc_interrupt_cpu(call.hwId, () => call.done(packet.ret));
  }

  /** The description lies in the 502 channel's post area, which is ours: mcctrl only fills it. */
  private prepare(scd: ScdChannel, packet: ScdPacket): void {
    const post = scd.area + MCCTRL_AREA.POST;
    const inside = packet.arg >= post && packet.arg < post + MCCTRL_AREA.POST_SIZE;
    const ret = !inside ? -EINVAL : this.control ? this.control.prepare(packet.pid, packet.arg) : -ENOSYS;
    const msg = ret === 0 ? SCD_MSG.PREPARE_PROCESS_ACKED : SCD_MSG.PREPARE_PROCESS_NACKED;
    this.send(scd, { msg, pid: packet.pid, ret });
  }

  private trace(direction: "to-linux" | "from-linux", scd: ScdChannel, msg: number, pid: number | undefined): void {
    this.hal.ihk_mc_trace({ type: "ikc", direction, port: scd.channel.port, msg: scd_msg_name(msg), ...(pid === undefined ? {} : { pid }) });
  }
}

let link: HostLinkImpl | undefined;

/** At boot, on the BSP, before READY: the master channel, which Linux acknowledges once READY. */
export function host_link_init(hal: IhkMcHal, config: HostLinkConfig): void {
  link = new HostLinkImpl(hal, config);
}

/** The process side registers itself and gets the link (McKernel's syscall offload path). */
export function host_link_register(control: ProcessControl): HostLink {
  if (!link) throw new Error("host link: host_link_init comes first");
  link.register(control);
  return link;
}
