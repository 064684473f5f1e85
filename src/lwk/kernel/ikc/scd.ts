// Packets of the system-call delegation channels, ports 501 and 502 (McKernel's
// ikc_scd_packet; layout and meaning in src/abi/mcctrl.ts).

import { IKC_PACKET_SIZE } from "../../../abi/ikc.ts";
import { StructView } from "../../../abi/layout.ts";
import { SCD_MSG, SCD_PACKET } from "../../../abi/mcctrl.ts";

export interface ScdPacket {
  msg: number;
  /** LWK CPU (McKernel numbering) of the channel. */
  ref: number;
  pid: number;
  tid: number;
  /** Signed. */
  ret: number;
  number: number;
  seq: number;
  vmGen: number;
  args: number[];
  /** A physical address. */
  arg: number;
}

const NAMES = new Map<number, string>(Object.entries(SCD_MSG).map(([name, value]) => [value, name]));

export function scd_msg_name(msg: number): string {
  return NAMES.get(msg) ?? `0x${msg.toString(16)}`;
}

export function scd_encode(packet: Partial<ScdPacket> & { msg: number }): Uint8Array {
  const bytes = new Uint8Array(IKC_PACKET_SIZE);
  const view = new StructView(SCD_PACKET, bytes, 0);
  view.set("msg", packet.msg);
  view.set("ref", packet.ref ?? 0);
  view.set("pid", packet.pid ?? 0);
  view.set("tid", packet.tid ?? 0);
  view.set("ret", packet.ret ?? 0);
  view.set("number", packet.number ?? 0);
  view.set("seq", packet.seq ?? 0);
  view.set("vm_gen", packet.vmGen ?? 0);
  (packet.args ?? []).slice(0, 6).forEach((value, i) => view.set("args", value, i));
  view.set("arg", packet.arg ?? 0);
  return bytes;
}

export function scd_decode(bytes: Uint8Array): ScdPacket {
  const view = new StructView(SCD_PACKET, bytes, 0);
  return {
    msg: view.get("msg"),
    ref: view.get("ref"),
    pid: view.get("pid"),
    tid: view.get("tid"),
    ret: view.get("ret") | 0,
    number: view.get("number"),
    seq: view.get("seq"),
    vmGen: view.get("vm_gen"),
    args: Array.from({ length: 6 }, (_, i) => view.get("args", i)),
    arg: view.get("arg"),
  };
}
