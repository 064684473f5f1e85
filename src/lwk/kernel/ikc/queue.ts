// One IKC queue in physical memory (IHK's ikc/queue.c): a head, then a ring of fixed-size
// packets; layout in src/abi/ikc.ts. The writer fills the slot at write_off and then moves
// write_off; the reader copies the slot at read_off out and then moves read_off. Every access
// maps the memory anew through the HAL (a view must not be kept).

import { IKC_PACKET_SIZE, IKC_QUEUE_HEAD, IKC_QUEUE_MAGIC, IKC_QUEUE_PACKETS } from "../../../abi/ikc.ts";
import { StructView } from "../../../abi/layout.ts";
import type { IhkMcHal } from "../../hal.ts";

export class IkcQueue {
  constructor(private readonly hal: IhkMcHal, readonly pa: number) {}

  /** An empty queue of this channel, read by CPU readCpu and written by writeCpu (APIC ids). */
  init(channelId: number, readCpu: number, writeCpu: number): void {
    const head = this.head();
    head.set("magic", IKC_QUEUE_MAGIC);
    head.set("pktsize", IKC_PACKET_SIZE);
    head.set("pktcount", IKC_QUEUE_PACKETS);
    head.set("read_off", 0);
    head.set("write_off", 0);
    head.set("channel_id", channelId);
    head.set("read_cpu", readCpu);
    head.set("write_cpu", writeCpu);
  }

  /** Copies packet (at most IKC_PACKET_SIZE bytes) in; false when the queue is full. */
  write(packet: Uint8Array): boolean {
    const head = this.head();
    const [read, write] = this.offsets(head);
    const next = (write + 1) % IKC_QUEUE_PACKETS;
    if (next === read) return false;
    const slot = this.slot(write);
    slot.fill(0);
    slot.set(packet.subarray(0, IKC_PACKET_SIZE));
    head.set("write_off", next);
    return true;
  }

  /** A copy of the next packet, or undefined when the queue is empty. */
  read(): Uint8Array | undefined {
    const head = this.head();
    const [read, write] = this.offsets(head);
    if (read === write) return undefined;
    const packet = this.slot(read).slice();
    head.set("read_off", (read + 1) % IKC_QUEUE_PACKETS);
    return packet;
  }

  private head(): StructView {
    return new StructView(IKC_QUEUE_HEAD, this.hal.ihk_mc_map_phys(this.pa, IKC_QUEUE_HEAD.size), 0);
  }

  private slot(index: number): Uint8Array {
    return this.hal.ihk_mc_map_phys(this.pa + IKC_QUEUE_HEAD.size + index * IKC_PACKET_SIZE, IKC_PACKET_SIZE);
  }

  /** A queue Linux damaged cannot be used: the kernel stops (the board shows PANIC). */
  private offsets(head: StructView): [number, number] {
    const read = head.get("read_off");
    const write = head.get("write_off");
    if (head.get("magic") !== IKC_QUEUE_MAGIC || read >= IKC_QUEUE_PACKETS || write >= IKC_QUEUE_PACKETS) {
      throw new Error(`IKC queue at 0x${this.pa.toString(16)} is corrupt (read ${read}, write ${write})`);
    }
    return [read, write];
  }
}
