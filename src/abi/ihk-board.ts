// The IHK board device's ABI: its I/O registers and commands, the OS states it reports, and the
// structures the driver, the board and the LWK share in guest memory (boot parameters, kmsg
// buffer, kernel image header). This is the one definition; images/include/ihk/board.h is
// generated from it (npm run abi).

import type { AbiModule } from "./c-header.ts";
import { constant as c, group, type ConstantGroup } from "./constants.ts";
import { defineStruct } from "./layout.ts";

export const BOARD = {
  port: 0x520,
  magic: 0x49484b42,
  version: 1,
  irq: 5,
  /** CPUs the node has (Linux sees them all present). */
  cpus: 4,
  /** CPUs the board can run an LWK on: all but CPU 0, which is v86's and Linux's. */
  lwkCpuMask: 0b1110,
  maxOs: 4,
} as const;

/** Register offsets from BOARD.port; every register is 32 bits wide. */
export const REG = {
  ID: 0x00,
  VERSION: 0x04,
  CPUS_PRESENT: 0x08,
  CPUS_LWK: 0x0c,
  ARG0: 0x10,
  ARG1: 0x14,
  ARG2: 0x18,
  COMMAND: 0x20,
  RESULT: 0x24,
  IRQ_STATUS: 0x28,
  DOORBELL: 0x2c,
} as const;
export const REG_SPAN = 0x30;
export type RegName = keyof typeof REG;

/** Commands written to REG.COMMAND; arguments in ARG0..2, outcome (0 or -errno) in RESULT. */
export const CMD = {
  RESERVE_CPU: 1,
  RELEASE_CPU: 2,
  RESERVE_MEM: 3,
  RELEASE_MEM: 4,
  CREATE_OS: 5,
  DESTROY_OS: 6,
  ASSIGN_CPU: 7,
  RELEASE_OS_CPU: 8,
  ASSIGN_MEM: 9,
  RELEASE_OS_MEM: 10,
  BOOT: 11,
  SHUTDOWN: 12,
  OS_STATUS: 13,
} as const;
export type CmdName = keyof typeof CMD;

const CMD_DOC: Record<CmdName, string> = {
  RESERVE_CPU: "ARG0 = CPU mask taken from Linux",
  RELEASE_CPU: "ARG0 = CPU mask given back to Linux",
  RESERVE_MEM: "ARG0 = physical start, ARG1 = bytes taken from Linux",
  RELEASE_MEM: "ARG0 = physical start, ARG1 = bytes given back to Linux",
  CREATE_OS: "ARG0 = OS index",
  DESTROY_OS: "ARG0 = OS index",
  ASSIGN_CPU: "ARG0 = OS index, ARG1 = CPU mask",
  RELEASE_OS_CPU: "ARG0 = OS index, ARG1 = CPU mask",
  ASSIGN_MEM: "ARG0 = OS index, ARG1 = physical start, ARG2 = bytes",
  RELEASE_OS_MEM: "ARG0 = OS index, ARG1 = physical start, ARG2 = bytes",
  BOOT: "ARG0 = OS index, ARG1 = physical address of its struct ihk_boot_param",
  SHUTDOWN: "ARG0 = OS index",
  OS_STATUS: "ARG0 = OS index; RESULT = its IHK_OS_STATUS_*",
};

/** What the board reports for an OS instance (ihkosctl get status prints the names). */
export const OS_STATUS = {
  INACTIVE: 0,
  BOOTING: 1,
  RUNNING: 2,
  SHUTDOWN: 3,
  PANIC: 4,
  HUNGUP: 5,
} as const;
export type OsStatusName = keyof typeof OS_STATUS;

/** Bits of REG.IRQ_STATUS; the driver writes them back to acknowledge (the line drops at 0). */
export const IRQ = {
  OS_STATE: 1 << 0,
  /** An LWK put IKC packets in a queue towards Linux (McKernel's IPI to ihk_ikc_irq). */
  IKC: 1 << 1,
} as const;

/**
 * A write to REG.DOORBELL interrupts one LWK CPU, as IHK's IPI with vector 0xd1 does: the
 * value is (OS index << DOORBELL_OS_SHIFT) | APIC id of the CPU.
 */
export const DOORBELL_OS_SHIFT = 16;

/** McKernel's own progress marks in ihk_boot_param.status. */
export const BOOT_STATUS = {
  BOOTED: 1,
  READY: 2,
} as const;

export const KMSG_SIZE = 16384;
export const BOOT_PARAM_AREA = 4096;
/** The master IKC channel's two queues (src/abi/ikc.ts), just below the boot parameters. */
export const MIKC_AREA = 8192;
export const MAX_CPU_IDS = 8;
export const KARGS_SIZE = 256;

/**
 * Boot parameters: the driver writes them at the top of the OS memory
 * (end - KMSG_SIZE - BOOT_PARAM_AREA) before BOOT; the LWK reads them and reports progress.
 * Below them lie the master channel's queues (MIKC_AREA bytes), which the driver initialises.
 */
export const BOOT_PARAM = defineStruct("ihk_boot_param", "what the LWK learns at boot (McKernel's shimos_boot_param)", [
  { name: "start", type: "u64", doc: "first physical byte of the OS memory" },
  { name: "end", type: "u64", doc: "end (exclusive) of the OS memory" },
  { name: "msg_buffer", type: "u64", doc: "physical address of the struct ihk_kmsg_buf" },
  { name: "boot_sec", type: "u64", doc: "wall clock at boot, seconds" },
  { name: "mikc_queue_recv", type: "u64", doc: "master channel queue Linux writes and the LWK reads" },
  { name: "mikc_queue_send", type: "u64", doc: "master channel queue the LWK writes and Linux reads" },
  { name: "image_size", type: "u32", doc: "bytes of the kernel image loaded at start" },
  { name: "status", type: "u32", doc: "IHK_BOOT_STATUS_* written by the LWK" },
  { name: "nr_cpus", type: "u32", doc: "entries used in cpu_hw_ids" },
  { name: "ns_per_tsc", type: "u32", doc: "ns per 1000 TSC ticks (1e9 / tsc_khz)" },
  { name: "boot_nsec", type: "u32", doc: "wall clock at boot, nanoseconds" },
  { name: "ikc_irq", type: "u32", doc: "Linux IRQ the LWK raises towards Linux" },
  { name: "ikc_irq_apicid", type: "u32", doc: "APIC id of the Linux CPU that takes it" },
  { name: "free_pages", type: "u32", doc: "free 4 KiB pages, kept up to date by the LWK" },
  { name: "cpu_hw_ids", type: "u32", count: MAX_CPU_IDS, doc: "APIC ids of the assigned CPUs, BSP first" },
  { name: "kernel_args", type: "u8", count: KARGS_SIZE, doc: "NUL-terminated kernel command line" },
]);

/** The kernel message buffer at the very top of the OS memory (end - KMSG_SIZE). */
export const KMSG_BUF = defineStruct("ihk_kmsg_buf", "the LWK's kernel log, read by ihkosctl kmsg", [
  { name: "tail", type: "u32", doc: "next write position in str" },
  { name: "len", type: "u32", doc: "capacity of str" },
  { name: "wrapped", type: "u32", doc: "1 once writing went past the end and restarted at 0" },
  { name: "pad", type: "u32", doc: "keeps str 8-byte aligned" },
  { name: "str", type: "u8", count: 0, doc: "the text, a ring of len bytes, up to the end of the KMSG_SIZE area" },
]);

export const IMAGE_MAGIC = "CN01MCK";
export const IMAGE_VERSION = 1;

/** Header of mckernel.img; the bundled JavaScript of src/lwk follows it. */
export const IMAGE_HEADER = defineStruct("ihk_image_header", "header of mckernel.img", [
  { name: "magic", type: "u8", count: 8, doc: "\"CN01MCK\" and a NUL" },
  { name: "version", type: "u32", doc: "IHK_IMAGE_VERSION" },
  { name: "header_size", type: "u32", doc: "bytes of this header" },
  { name: "payload_size", type: "u32", doc: "bytes of JavaScript after the header" },
  { name: "checksum", type: "u32", doc: "FNV-1a (32 bit) of the payload" },
]);

export const STRUCTS = [BOOT_PARAM, KMSG_BUF, IMAGE_HEADER] as const;

/** Every constant of the header, in order. */
export const CONSTANT_GROUPS: readonly ConstantGroup[] = [
  {
    doc: "the device",
    constants: [
      c("IHK_BOARD_PORT", BOARD.port, "first I/O port"),
      c("IHK_BOARD_PORT_SPAN", REG_SPAN, "ports it decodes"),
      c("IHK_BOARD_MAGIC", BOARD.magic, "value of IHK_REG_ID (\"IHKB\")"),
      c("IHK_BOARD_VERSION", BOARD.version, "value of IHK_REG_VERSION"),
      c("IHK_BOARD_IRQ", BOARD.irq, "its interrupt line (level-triggered)"),
      c("IHK_BOARD_MAX_OS", BOARD.maxOs, "OS instances it can run"),
      c("IHK_DOORBELL_OS_SHIFT", DOORBELL_OS_SHIFT, "IHK_REG_DOORBELL value: (os << shift) | APIC id of the LWK CPU to interrupt"),
    ],
  },
  group("registers (offsets from IHK_BOARD_PORT, 32 bits each)", "IHK_REG_", REG),
  group("commands", "IHK_CMD_", CMD, CMD_DOC),
  group("OS states reported by IHK_CMD_OS_STATUS", "IHK_OS_STATUS_", OS_STATUS),
  group("IHK_REG_IRQ_STATUS bits", "IHK_IRQ_", IRQ),
  group("ihk_boot_param.status values", "IHK_BOOT_STATUS_", BOOT_STATUS),
  {
    doc: "shared memory at the top of an OS's memory",
    constants: [
      c("IHK_KMSG_SIZE", KMSG_SIZE, "bytes of struct ihk_kmsg_buf, at end - IHK_KMSG_SIZE"),
      c("IHK_BOOT_PARAM_AREA", BOOT_PARAM_AREA, "bytes for struct ihk_boot_param, just below the kmsg buffer"),
      c("IHK_MIKC_AREA", MIKC_AREA, "bytes of the master channel queues, just below the boot parameters"),
      c("IHK_MAX_CPU_IDS", MAX_CPU_IDS, "length of ihk_boot_param.cpu_hw_ids"),
      c("IHK_KARGS_SIZE", KARGS_SIZE, "length of ihk_boot_param.kernel_args"),
      c("IHK_IMAGE_VERSION", IMAGE_VERSION, "ihk_image_header.version"),
    ],
  },
];

export const BOARD_ABI: AbiModule = {
  header: "images/include/ihk/board.h",
  title: "The IHK board device of cn01 and the structures shared with it in guest memory.",
  source: "src/abi/ihk-board.ts",
  constantGroups: CONSTANT_GROUPS,
  strings: { IHK_IMAGE_MAGIC: IMAGE_MAGIC },
  structs: STRUCTS,
};
