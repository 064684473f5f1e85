// The master channel (IHK's ikc/master.c, McKernel's kernel/mikc.c): channel 0, on the two
// queues IHK set up before boot, read by the BSP. Linux acknowledges it with INIT_ACK once the
// LWK is READY; every other channel is opened over it: the LWK sends CONNECT for a port with
// the channel's area, and Linux answers CONNECT_REPLY: accepted, or refused because nobody
// listens on the port yet, in which case the LWK asks again every second.

import { IKC_MASTER_MSG, IKC_MASTER_PACKET, IKC_PACKET_SIZE } from "../../../abi/ikc.ts";
import { StructView } from "../../../abi/layout.ts";
import type { IhkMcHal } from "../../hal.ts";
import { kprintf } from "../kmsg.ts";
import { IkcChannel, IkcDoorbells } from "./channel.ts";

export const IKC_CONNECT_RETRY_NS = 1_000_000_000;

/** What the owner of a channel hears about it. */
export interface IkcConnectHandlers {
  /** Linux accepted it; runs on the channel's CPU. */
  opened(): void;
  /** Linux closed it; it is reopened by itself. */
  closed(): void;
}

interface Connection {
  channel: IkcChannel;
  area: number;
  handlers: IkcConnectHandlers;
  open: boolean;
  retry: (() => void) | undefined;
}

const MSG_NAME = new Map<number, string>(Object.entries(IKC_MASTER_MSG).map(([name, value]) => [value, name]));

export class IkcMaster {
  readonly channel: IkcChannel;
  private acked = false;
  private readonly connections = new Map<number, Connection>();
  private readonly linuxCpu: number;

  constructor(
    private readonly hal: IhkMcHal,
    private readonly doorbells: IkcDoorbells,
    queues: { toLinux: number; fromLinux: number; bsp: number; linuxCpu: number },
    private readonly onAck: () => void,
  ) {
    this.channel = new IkcChannel(hal, { id: 0, port: 0, hwId: queues.bsp, toLinux: queues.toLinux, fromLinux: queues.fromLinux });
    this.channel.onPacket = (packet) => this.handle(packet);
    this.linuxCpu = queues.linuxCpu;
    // IHK set the queues up; Linux's INIT_ACK will come through them.
    doorbells.add(this.channel);
  }

  /** Opens channel (on its CPU) to its port, with its area at area; retried until accepted. */
  connect(channel: IkcChannel, area: number, handlers: IkcConnectHandlers): void {
    const connection: Connection = { channel, area, handlers, open: false, retry: undefined };
    this.connections.set(channel.id, connection);
    this.doorbells.add(channel);
    this.sendConnect(connection);
  }

  private sendConnect(connection: Connection): void {
    const { channel, area } = connection;
    connection.retry = undefined;
    channel.reset(this.linuxCpu);
    this.send(IKC_MASTER_MSG.CONNECT, channel.id, channel.port, [channel.port, area, channel.hwId]);
  }

  private retryLater(connection: Connection): void {
    connection.retry?.();
    connection.retry = this.hal.ihk_mc_set_timer(connection.channel.hwId, IKC_CONNECT_RETRY_NS, () => this.sendConnect(connection));
  }

  private send(msg: number, ref: number, port: number, params: readonly number[]): void {
    const packet = new Uint8Array(IKC_PACKET_SIZE);
    const view = new StructView(IKC_MASTER_PACKET, packet, 0);
    view.set("msg", msg);
    view.set("ref", ref);
    params.forEach((value, i) => view.set("param", value, i));
    this.trace("to-linux", msg, port);
    this.channel.send(packet);
  }

  private handle(packet: Uint8Array): void {
    const view = new StructView(IKC_MASTER_PACKET, packet, 0);
    const msg = view.get("msg");
    const connection = this.connections.get(view.get("ref"));
    this.trace("from-linux", msg, connection?.channel.port ?? 0);
    switch (msg) {
      case IKC_MASTER_MSG.INIT_ACK:
        return this.initAcked();
      case IKC_MASTER_MSG.CONNECT_REPLY:
        if (connection && !connection.open) this.replied(connection, view.get("param", 0));
        return;
      case IKC_MASTER_MSG.DISCONNECT:
        if (connection?.open) this.disconnected(connection);
        return;
      default:
        kprintf(`IKC: unknown master channel message 0x${msg.toString(16)}`);
    }
  }

  private initAcked(): void {
    if (this.acked) return;
    this.acked = true;
    kprintf("Master channel init acked.");
    this.onAck();
  }

  private replied(connection: Connection, status: number): void {
    if (status !== 0) return this.retryLater(connection);
    connection.open = true;
    this.hal.ihk_mc_interrupt_cpu(connection.channel.hwId, () => {
      if (connection.open) connection.handlers.opened();
    });
  }

  private disconnected(connection: Connection): void {
    connection.open = false;
    connection.handlers.closed();
    this.retryLater(connection);
  }

  private trace(direction: "to-linux" | "from-linux", msg: number, port: number): void {
    this.hal.ihk_mc_trace({ type: "ikc", direction, port, msg: MSG_NAME.get(msg) ?? `0x${msg.toString(16)}` });
  }
}
