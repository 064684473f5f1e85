// IKC, the Inter-Kernel Communication layer of IHK: one-way queues of fixed-size packets in
// the LWK's memory, a master channel to open channels, and doorbells both ways (board
// doorbell Linux → LWK CPU, board IRQ LWK → Linux). This is the one definition;
// images/include/ihk/ikc.h is generated from it (npm run abi).
//
// A queue is a head followed by a ring of packets. The writer puts a packet at write_off and
// then advances write_off; the reader takes the packet at read_off and then advances
// read_off; both wrap at pktcount. The queue is empty when read_off == write_off and full
// when (write_off + 1) % pktcount == read_off: a sender finding it full tries again later.
// After writing, the sender notifies the other side: Linux rings the board doorbell of the
// queue's read_cpu; the LWK raises the board's IKC interrupt.
//
// The master channel (channel 0) uses the two queues the driver sets up in the MIKC area
// (src/abi/ihk-board.ts) before boot. Once the LWK reports READY, Linux sends INIT_ACK on it;
// the LWK logs "Master channel init acked." Every other channel is opened by the LWK:
// it allocates a channel area (two queues) in its own memory and sends CONNECT for a port;
// Linux answers CONNECT_REPLY with status 0 when a listener (e.g. mcctrl on ports 501 and
// 502) accepted it, or ECONNREFUSED when nobody listens yet (the LWK tries again later).

import type { AbiModule } from "./c-header.ts";
import { constant as c, group } from "./constants.ts";
import { defineStruct } from "./layout.ts";

export const IKC_QUEUE_MAGIC = 0x51434b49; // "IKCQ"
export const IKC_PACKET_SIZE = 64;
export const IKC_QUEUE_SIZE = 4096;
/** Packets in an IKC_QUEUE_SIZE queue: the head takes the first packet's place. */
export const IKC_QUEUE_PACKETS = IKC_QUEUE_SIZE / IKC_PACKET_SIZE - 1;

export const IKC_QUEUE_HEAD = defineStruct("ihk_ikc_queue_head", "the head of an IKC queue; pktcount packets of pktsize bytes follow it", [
  { name: "magic", type: "u32", doc: "IHK_IKC_QUEUE_MAGIC once initialised" },
  { name: "pktsize", type: "u32", doc: "bytes per packet (IHK_IKC_PACKET_SIZE)" },
  { name: "pktcount", type: "u32", doc: "packets in the ring" },
  { name: "read_off", type: "u32", doc: "index of the next packet to read (advanced by the reader)" },
  { name: "write_off", type: "u32", doc: "index of the next packet to write (advanced by the writer)" },
  { name: "channel_id", type: "u32", doc: "channel the queue belongs to (0 = master)" },
  { name: "read_cpu", type: "u32", doc: "APIC id of the reading CPU (the doorbell target when the LWK reads)" },
  { name: "write_cpu", type: "u32", doc: "APIC id of the writing CPU" },
  { name: "pad", type: "u32", count: 8, doc: "the head fills one packet" },
]);

/** Master channel messages (IHK's ikc/msg.h values). */
export const IKC_MASTER_MSG = {
  INIT_ACK: 0x10203010,
  CONNECT: 0x20000001,
  CONNECT_REPLY: 0x20000002,
  DISCONNECT: 0x20000008,
} as const;

const MASTER_MSG_DOC: Record<keyof typeof IKC_MASTER_MSG, string> = {
  INIT_ACK: "Linux → LWK once the OS is READY: the master channel works",
  CONNECT: "LWK → Linux: ref = LWK channel id, param[0] = port, param[1] = channel area, param[2] = APIC id of the LWK CPU reading it",
  CONNECT_REPLY: "Linux → LWK: ref = LWK channel id, param[0] = 0 or a positive errno, param[1] = Linux channel id",
  DISCONNECT: "either way: ref = LWK channel id; the channel is closed",
};

export const IKC_MASTER_PACKET = defineStruct("ikc_master_packet", "a packet of the master channel", [
  { name: "msg", type: "u32", doc: "IKC_MASTER_MSG_*" },
  { name: "ref", type: "u32", doc: "the LWK's channel id the message is about" },
  { name: "param", type: "u64", count: 3, doc: "see each message" },
]);

/**
 * A channel area, allocated by the LWK in its memory and named in CONNECT: first the queue
 * the LWK writes (Linux reads), then the queue Linux writes (the LWK reads).
 */
export const IKC_CHANNEL_AREA = {
  LWK_TO_LINUX: 0,
  LINUX_TO_LWK: IKC_QUEUE_SIZE,
  SIZE: 2 * IKC_QUEUE_SIZE,
} as const;

/** Ports below this are reserved for IHK's own use. */
export const IKC_MAX_PORT = 512;

export const IKC_ABI: AbiModule = {
  header: "images/include/ihk/ikc.h",
  title: "IKC queues, packets and the master channel between Linux and an LWK.",
  source: "src/abi/ikc.ts",
  constantGroups: [
    {
      doc: "queues",
      constants: [
        c("IHK_IKC_QUEUE_MAGIC", IKC_QUEUE_MAGIC, "ihk_ikc_queue_head.magic"),
        c("IHK_IKC_PACKET_SIZE", IKC_PACKET_SIZE, "bytes per packet"),
        c("IHK_IKC_QUEUE_SIZE", IKC_QUEUE_SIZE, "bytes per queue, head included"),
        c("IHK_IKC_QUEUE_PACKETS", IKC_QUEUE_PACKETS, "packets per queue"),
        c("IHK_IKC_MAX_PORT", IKC_MAX_PORT, "ports are below this"),
      ],
    },
    group("master channel messages (ikc_master_packet.msg)", "IKC_MASTER_MSG_", IKC_MASTER_MSG, MASTER_MSG_DOC),
    group("a channel area: offsets of its two queues and its size", "IKC_CHANNEL_AREA_", IKC_CHANNEL_AREA),
  ],
  structs: [IKC_QUEUE_HEAD, IKC_MASTER_PACKET],
};
