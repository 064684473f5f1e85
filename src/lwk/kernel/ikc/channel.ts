// An IKC channel as the LWK sees it (IHK's ikc/channel.c): the queue it writes towards Linux
// and the queue Linux writes towards it, read by one LWK CPU when Linux rings that CPU's
// doorbell. A packet that finds the queue towards Linux full waits in a backlog and is tried
// again on a short timer: nothing spins, Linux must get the time to drain the queue.

import { IKC_PACKET_SIZE } from "../../../abi/ikc.ts";
import type { IhkMcHal } from "../../hal.ts";
import { IkcQueue } from "./queue.ts";

/** How long a full queue towards Linux waits before the next try. */
export const IKC_RETRY_NS = 100_000;

export interface IkcChannelSpec {
  /** The LWK's id for the channel (0 = the master channel). */
  id: number;
  port: number;
  /** APIC id of the LWK CPU that reads the channel. */
  hwId: number;
  toLinux: number;
  fromLinux: number;
}

export class IkcChannel {
  readonly id: number;
  readonly port: number;
  readonly hwId: number;
  readonly toLinux: IkcQueue;
  readonly fromLinux: IkcQueue;
  /** Set by the owner: what to do with each packet from Linux. */
  onPacket: (packet: Uint8Array) => void = () => undefined;
  private readonly backlog: Uint8Array[] = [];
  private retry: (() => void) | undefined;

  constructor(private readonly hal: IhkMcHal, spec: IkcChannelSpec) {
    this.id = spec.id;
    this.port = spec.port;
    this.hwId = spec.hwId;
    this.toLinux = new IkcQueue(hal, spec.toLinux);
    this.fromLinux = new IkcQueue(hal, spec.fromLinux);
  }

  /** Both queues empty again; whatever waited to be sent is dropped. */
  reset(linuxCpu: number): void {
    this.toLinux.init(this.id, linuxCpu, this.hwId);
    this.fromLinux.init(this.id, this.hwId, linuxCpu);
    this.backlog.length = 0;
    this.retry?.();
    this.retry = undefined;
  }

  /** Queues the packet towards Linux and raises the IKC interrupt (now, or once there is room). */
  send(packet: Uint8Array): void {
    if (packet.length > IKC_PACKET_SIZE) throw new RangeError(`IKC packet of ${packet.length} bytes`);
    this.backlog.push(packet);
    if (!this.retry) this.flush();
  }

  /** Hands every packet Linux left to onPacket; the CPU's doorbell handler calls it. */
  receive(): void {
    for (let packet = this.fromLinux.read(); packet; packet = this.fromLinux.read()) this.onPacket(packet);
  }

  private flush(): void {
    let sent = false;
    while (this.backlog.length > 0 && this.toLinux.write(this.backlog[0]!)) {
      this.backlog.shift();
      sent = true;
    }
    if (sent) this.hal.ihk_mc_send_ikc_irq();
    if (this.backlog.length > 0) {
      this.retry = this.hal.ihk_mc_set_timer(this.hwId, IKC_RETRY_NS, () => {
        this.retry = undefined;
        this.flush();
      });
    }
  }
}

/**
 * Which channels each CPU reads: Linux rings a CPU's doorbell after writing to any of them,
 * and the CPU reads them all. A CPU installs its handler the first time it gets a channel.
 */
export class IkcDoorbells {
  private readonly byCpu = new Map<number, IkcChannel[]>();

  constructor(private readonly hal: IhkMcHal) {}

  /** On the channel's CPU. */
  add(channel: IkcChannel): void {
    const channels = this.byCpu.get(channel.hwId);
    if (channels) {
      if (!channels.includes(channel)) channels.push(channel);
      return;
    }
    const list = [channel];
    this.byCpu.set(channel.hwId, list);
    this.hal.ihk_mc_register_ikc_handler(() => {
      for (const each of [...list]) each.receive();
    });
  }
}
