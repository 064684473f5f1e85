// The Linux side of IKC for LWK tests, written from the ABI alone (not from the LWK's code):
// what ihk.ko and mcctrl do with the queues in the fake node's memory.

import { IKC_CHANNEL_AREA, IKC_MASTER_MSG, IKC_MASTER_PACKET, IKC_PACKET_SIZE, IKC_QUEUE_HEAD, IKC_QUEUE_PACKETS } from "../../src/abi/ikc.ts";
import { StructView } from "../../src/abi/layout.ts";
import { SCD_PACKET } from "../../src/abi/mcctrl.ts";
import type { FakeNode } from "./fake-hal.ts";

export interface MasterPacket {
  msg: number;
  ref: number;
  param: [number, number, number];
}

export type Scd = Record<"msg" | "ref" | "pid" | "tid" | "ret" | "number" | "seq" | "vm_gen" | "arg", number> & { args: number[] };

/** Takes every packet from the queue at pa, as the Linux reader would. */
export function readQueue(node: FakeNode, pa: number): Uint8Array[] {
  const head = new StructView(IKC_QUEUE_HEAD, node.hal.ihk_mc_map_phys(pa, IKC_QUEUE_HEAD.size), 0);
  const packets: Uint8Array[] = [];
  for (let r = head.get("read_off"); r !== head.get("write_off"); r = (r + 1) % IKC_QUEUE_PACKETS) {
    packets.push(node.hal.ihk_mc_map_phys(pa + IKC_QUEUE_HEAD.size + r * IKC_PACKET_SIZE, IKC_PACKET_SIZE).slice());
    head.set("read_off", (r + 1) % IKC_QUEUE_PACKETS);
  }
  return packets;
}

/** Puts a packet into the queue at pa; false when it is full. */
export function writeQueue(node: FakeNode, pa: number, packet: Uint8Array): boolean {
  const head = new StructView(IKC_QUEUE_HEAD, node.hal.ihk_mc_map_phys(pa, IKC_QUEUE_HEAD.size), 0);
  const w = head.get("write_off");
  if ((w + 1) % IKC_QUEUE_PACKETS === head.get("read_off")) return false;
  node.hal.ihk_mc_map_phys(pa + IKC_QUEUE_HEAD.size + w * IKC_PACKET_SIZE, IKC_PACKET_SIZE).set(packet);
  head.set("write_off", (w + 1) % IKC_QUEUE_PACKETS);
  return true;
}

export function master(bytes: Uint8Array): MasterPacket {
  const v = new StructView(IKC_MASTER_PACKET, bytes, 0);
  return { msg: v.get("msg"), ref: v.get("ref"), param: [v.get("param", 0), v.get("param", 1), v.get("param", 2)] };
}

export function scd(bytes: Uint8Array): Scd {
  const v = new StructView(SCD_PACKET, bytes, 0);
  const get = (name: string): number => v.get(name);
  return {
    msg: get("msg"), ref: get("ref"), pid: get("pid"), tid: get("tid"), ret: get("ret") | 0, number: get("number"),
    seq: get("seq"), vm_gen: get("vm_gen"), arg: get("arg"), args: Array.from({ length: 6 }, (_, i) => v.get("args", i)),
  };
}

export function scdPacket(fields: Partial<Scd> & { msg: number }): Uint8Array {
  const bytes = new Uint8Array(IKC_PACKET_SIZE);
  const v = new StructView(SCD_PACKET, bytes, 0);
  for (const [name, value] of Object.entries(fields)) {
    if (name === "args") (value as number[]).forEach((a, i) => v.set("args", a, i));
    else v.set(name, value as number);
  }
  return bytes;
}

/** A channel the LWK opened with CONNECT. */
export interface LinuxChannel {
  lwkId: number;
  port: number;
  hwId: number;
  area: number;
  /** Its mcctrl area, once INIT_CHANNEL named it. */
  mcctrl?: number;
}

/** ihk.ko's master channel and the channels it accepted, over the fake node's memory. */
export class FakeLinux {
  readonly channels: LinuxChannel[] = [];
  private readonly send: number;
  private readonly recv: number;

  constructor(private readonly node: FakeNode, private readonly bsp: number) {
    this.send = node.bootParam.get("mikc_queue_send");
    this.recv = node.bootParam.get("mikc_queue_recv");
  }

  /** What the LWK wrote on the master channel since the last look. */
  fromLwk(): MasterPacket[] {
    return readQueue(this.node, this.send).map(master);
  }

  toLwk(msg: number, ref: number, params: number[] = []): void {
    const bytes = new Uint8Array(IKC_PACKET_SIZE);
    const v = new StructView(IKC_MASTER_PACKET, bytes, 0);
    v.set("msg", msg);
    v.set("ref", ref);
    params.forEach((p, i) => v.set("param", p, i));
    if (!writeQueue(this.node, this.recv, bytes)) throw new Error("master queue full");
    this.node.doorbell(this.bsp);
  }

  initAck(): void {
    this.toLwk(IKC_MASTER_MSG.INIT_ACK, 0);
  }

  /** Answers every pending CONNECT: accepted (recorded in channels) or refused. */
  answerConnects(accept: boolean): MasterPacket[] {
    const connects = this.fromLwk().filter((p) => p.msg === IKC_MASTER_MSG.CONNECT);
    for (const c of connects) {
      if (accept) this.channels.push({ lwkId: c.ref, port: c.param[0], hwId: c.param[2], area: c.param[1] });
      this.toLwk(IKC_MASTER_MSG.CONNECT_REPLY, c.ref, accept ? [0, this.channels.length] : [111]);
    }
    return connects;
  }

  channel(port: number, hwId: number): LinuxChannel {
    const found = this.channels.find((c) => c.port === port && c.hwId === hwId);
    if (!found) throw new Error(`no channel to ${port} from CPU ${hwId}`);
    return found;
  }

  read(channel: LinuxChannel): Scd[] {
    return readQueue(this.node, channel.area + IKC_CHANNEL_AREA.LWK_TO_LINUX).map(scd);
  }

  write(channel: LinuxChannel, fields: Partial<Scd> & { msg: number }): boolean {
    const ok = writeQueue(this.node, channel.area + IKC_CHANNEL_AREA.LINUX_TO_LWK, scdPacket(fields));
    this.node.doorbell(channel.hwId);
    return ok;
  }
}
