// The system-call delegation protocol between the LWK, mcctrl.ko and mcexec (McKernel's
// "SCD"): the packets on IKC ports 501 and 502, the program description mcexec hands to the
// LWK, mcctrl's ioctls, and the address layout both sides rely on. This is the one
// definition; images/include/mckernel/mcctrl.h is generated from it (npm run abi).
//
// Channels. With the karg `hidos`, every LWK CPU opens a channel to port 501 and the BSP one
// more to port 502 (src/abi/ikc.ts: CONNECT, retried every second until mcctrl listens).
// On each new channel the LWK sends INIT_CHANNEL (arg = its mcctrl area: a doorbell page and
// a post area); mcctrl logs it and answers INIT_CHANNEL_ACKED. Once all its channels are
// acknowledged the LWK logs "MCK/IHK booted.".
//
// Starting a program (mcexec → mcctrl → LWK, all on the 502 channel):
//  1. mcexec reads the ELF (and its PT_INTERP interpreter), fills a program_load_desc and
//     calls MCEXEC_UP_PREPARE_IMAGE. mcctrl copies the description into the 502 channel's post
//     area and sends PREPARE_PROCESS (pid = mcexec's pid, arg = its physical address).
//  2. The LWK creates the process and its address space, allocates zeroed pages for every
//     section, builds the stack (argv, envp, auxv), writes prog_bias, interp_bias and pgdir
//     back into the description and answers PREPARE_PROCESS_ACKED (or _NACKED, ret = -errno).
//  3. mcctrl copies the description back to mcexec and maps the LWK process's user space into
//     mcexec at the same addresses ("[mckernel]", [MCK_USER_START, MCK_USER_END)), by walking
//     the LWK's page tables (pgdir) on each fault. mcexec then reads each section's file bytes
//     straight to vaddr + bias, and calls MCEXEC_UP_START_IMAGE: SCHEDULE_PROCESS.
//
// System calls. A call the LWK does not handle goes to Linux as SYSCALL_ONESIDE on the
// channel of the LWK CPU that runs the thread (ref = that CPU); the thread blocks. mcctrl
// hands the packet to an mcexec thread waiting in MCEXEC_UP_WAIT_SYSCALL, which performs the
// call with the same number and arguments (pointers work: they fall in the mirrored user
// space) and returns the result with MCEXEC_UP_RET_SYSCALL; mcctrl sends SYSCALL_RESPONSE
// (same seq, ret) on the same channel and rings that CPU's doorbell. When the LWK removes or
// changes mappings it increments vm_gen; mcctrl drops the mirror's stale entries before it
// hands over a request carrying a newer vm_gen.
//
// The end. The process's exit reaches mcexec as a SYSCALL_ONESIDE with number
// MCK_NR_EXIT_GROUP on the 502 channel, args[0] = the wait status (Linux encoding: exit code
// << 8, or the signal number | 0x80 for a core dump); no response is expected. Signals for
// the process (Ctrl-C at mcexec) travel as SEND_SIGNAL; when mcexec closes /dev/mcos0
// without an exit (it was killed), mcctrl sends CLEANUP_PROCESS and the LWK ends the process
// without offloading anything more.

import type { AbiModule } from "./c-header.ts";
import { constant as c, group } from "./constants.ts";
import { defineStruct } from "./layout.ts";

export const MCCTRL_PORT = {
  /** One channel per LWK CPU: system calls of the threads it runs. */
  SYSCALL: 501,
  /** One channel from the BSP: processes (prepare, schedule, signals, exit). */
  CONTROL: 502,
} as const;

/** ikc_scd_packet.msg values. */
export const SCD_MSG = {
  PREPARE_PROCESS: 0x1,
  PREPARE_PROCESS_ACKED: 0x2,
  SCHEDULE_PROCESS: 0x3,
  SYSCALL_ONESIDE: 0x4,
  INIT_CHANNEL: 0x5,
  INIT_CHANNEL_ACKED: 0x6,
  PREPARE_PROCESS_NACKED: 0x7,
  SEND_SIGNAL: 0x8,
  CLEANUP_PROCESS: 0x9,
  SYSCALL_RESPONSE: 0x10,
} as const;

const SCD_MSG_DOC: Record<keyof typeof SCD_MSG, string> = {
  PREPARE_PROCESS: "Linux → LWK (502): pid, arg = physical address of the program_load_desc",
  PREPARE_PROCESS_ACKED: "LWK → Linux (502): pid; the description now has its out fields",
  SCHEDULE_PROCESS: "Linux → LWK (502): pid; the process starts",
  SYSCALL_ONESIDE: "LWK → Linux: pid, tid, number, args, seq, vm_gen, ref = LWK CPU",
  INIT_CHANNEL: "LWK → Linux: ref = LWK CPU, arg = physical address of its mcctrl area",
  INIT_CHANNEL_ACKED: "Linux → LWK: the channel is ready for system calls",
  PREPARE_PROCESS_NACKED: "LWK → Linux (502): pid, ret = -errno",
  SEND_SIGNAL: "Linux → LWK (502): pid, tid (0 = any thread), args[0] = signal",
  CLEANUP_PROCESS: "Linux → LWK (502): pid; mcexec is gone, end the process quietly",
  SYSCALL_RESPONSE: "Linux → LWK: seq and ret of the SYSCALL_ONESIDE it answers, on that channel",
};

export const SCD_PACKET = defineStruct("ikc_scd_packet", "a packet on ports 501 and 502 (one IKC packet)", [
  { name: "msg", type: "u32", doc: "SCD_MSG_*" },
  { name: "ref", type: "u32", doc: "LWK CPU id (McKernel numbering) of the channel" },
  { name: "pid", type: "u32", doc: "process (= mcexec's pid)" },
  { name: "tid", type: "u32", doc: "thread" },
  { name: "ret", type: "u32", doc: "signed: a call's result or -errno" },
  { name: "number", type: "u32", doc: "i386 system call number" },
  { name: "seq", type: "u32", doc: "request id, echoed in SYSCALL_RESPONSE" },
  { name: "vm_gen", type: "u32", doc: "the process's address-space generation" },
  { name: "args", type: "u32", count: 6, doc: "system call arguments (ebx ecx edx esi edi ebp)" },
  { name: "arg", type: "u64", doc: "a physical address (INIT_CHANNEL, PREPARE_PROCESS)" },
]);

/** The mcctrl area the LWK allocates for each channel and names in INIT_CHANNEL. */
export const MCCTRL_AREA = {
  /** A page whose first word the LWK sets to its CPU id + 1 on each offload. */
  DOORBELL: 0,
  /** Bulk data from Linux (program descriptions). */
  POST: 4096,
  POST_SIZE: 65536,
  SIZE: 4096 + 65536,
} as const;

/** Where user space lives: the LWK maps user pages only in [START, END); mcexec's own code,
 * heap and stacks stay above END (it is linked at MCEXEC_BASE). */
export const MCK_USER = {
  START: 0x00010000,
  END: 0xa0000000,
  MCEXEC_BASE: 0xa8000000,
} as const;

export const MCK_NR_EXIT_GROUP = 252;

/** program_section.prot bits (Linux PROT_*). */
export const PROT = { READ: 1, WRITE: 2, EXEC: 4 } as const;

export const PROGRAM_LOAD_DESC = defineStruct("program_load_desc", "what mcexec tells the LWK about a program (in the 502 post area)", [
  { name: "size", type: "u32", doc: "bytes of the whole description: this head, the sections, the strings" },
  { name: "pid", type: "u32", doc: "mcexec's pid: the process's pid" },
  { name: "ppid", type: "u32", doc: "mcexec's parent (getppid)" },
  { name: "cpu", type: "u32", doc: "signed: LWK CPU to start on, -1 = the LWK chooses" },
  { name: "uid", type: "u32", doc: "real user id" },
  { name: "euid", type: "u32", doc: "effective user id" },
  { name: "gid", type: "u32", doc: "real group id" },
  { name: "egid", type: "u32", doc: "effective group id" },
  { name: "nr_sections", type: "u32", doc: "program_section entries after this head" },
  { name: "entry", type: "u32", doc: "the program's e_entry (before prog_bias)" },
  { name: "interp_entry", type: "u32", doc: "the interpreter's e_entry (before interp_bias); 0 without PT_INTERP" },
  { name: "phdr", type: "u32", doc: "address of the program headers in the program's image (before prog_bias), for AT_PHDR" },
  { name: "phnum", type: "u32", doc: "AT_PHNUM" },
  { name: "phent", type: "u32", doc: "AT_PHENT" },
  { name: "prog_dyn", type: "u32", doc: "1 when the program is ET_DYN (the LWK chooses prog_bias)" },
  { name: "argc", type: "u32", doc: "strings in args" },
  { name: "envc", type: "u32", doc: "strings in envs" },
  { name: "args_len", type: "u32", doc: "bytes of the NUL-terminated argv strings, right after the sections" },
  { name: "envs_len", type: "u32", doc: "bytes of the NUL-terminated envp strings, right after args" },
  { name: "stack_size", type: "u32", doc: "RLIMIT_STACK soft limit in bytes (0 = the LWK's default)" },
  { name: "at_random", type: "u8", count: 16, doc: "AT_RANDOM bytes" },
  { name: "prog_bias", type: "u32", doc: "out: added to the program's addresses (0 for ET_EXEC)" },
  { name: "interp_bias", type: "u32", doc: "out: added to the interpreter's addresses" },
  { name: "pgdir", type: "u32", doc: "out: physical address of the process's page directory" },
  { name: "pad", type: "u32", doc: "keeps the sections 8-byte aligned" },
]);

export const PROGRAM_SECTION = defineStruct("program_section", "one PT_LOAD segment of the program or of its interpreter", [
  { name: "vaddr", type: "u32", doc: "p_vaddr (before the bias)" },
  { name: "memsz", type: "u32", doc: "p_memsz" },
  { name: "filesz", type: "u32", doc: "p_filesz: bytes mcexec copies from the file" },
  { name: "offset", type: "u32", doc: "p_offset" },
  { name: "prot", type: "u32", doc: "PROT_* from p_flags" },
  { name: "interp", type: "u32", doc: "1 when the segment belongs to the interpreter" },
]);

/** mcctrl's ioctls on /dev/mcos<N> (IHK passes 0x10000000..0x7fffffff to it). */
export const MCEXEC_UP = {
  PREPARE_IMAGE: 0x30a02900,
  START_IMAGE: 0x30a02902,
  WAIT_SYSCALL: 0x30a02903,
  RET_SYSCALL: 0x30a02904,
  SEND_SIGNAL: 0x30a02906,
  GET_CPU: 0x30a02907,
} as const;

const MCEXEC_UP_DOC: Record<keyof typeof MCEXEC_UP, string> = {
  PREPARE_IMAGE: "arg: struct program_load_desc * (in/out, size bytes); maps the user space",
  START_IMAGE: "no arg: the prepared process starts",
  WAIT_SYSCALL: "arg: struct mcexec_syscall * (out); sleeps (interruptibly) for the next offloaded call",
  RET_SYSCALL: "arg: struct mcexec_syscall * (in: seq, cpu, ret)",
  SEND_SIGNAL: "arg: struct mcexec_signal * (in)",
  GET_CPU: "no arg; returns the number of LWK CPUs",
};

export const MCEXEC_SYSCALL = defineStruct("mcexec_syscall", "an offloaded call as mcexec sees it", [
  { name: "seq", type: "u32", doc: "request id (give it back in RET_SYSCALL)" },
  { name: "cpu", type: "u32", doc: "LWK CPU the thread runs on (give it back in RET_SYSCALL)" },
  { name: "tid", type: "u32", doc: "the LWK thread" },
  { name: "number", type: "u32", doc: "i386 system call number" },
  { name: "args", type: "u32", count: 6, doc: "arguments" },
  { name: "ret", type: "u32", doc: "signed result or -errno (RET_SYSCALL)" },
  { name: "pad", type: "u32", doc: "" },
]);

export const MCEXEC_SIGNAL = defineStruct("mcexec_signal", "a signal for the LWK process", [
  { name: "tid", type: "u32", doc: "thread, 0 = the process" },
  { name: "sig", type: "u32", doc: "signal number" },
]);

/** Kernel arguments the LWK understands (ihkosctl kargs). */
export const KARGS = {
  /** Open the system-call channels to mcctrl (without it mcexec cannot work). */
  HIDOS: "hidos",
  /** Allow more threads than LWK CPUs, time-sharing them; without it clone fails with EINVAL. */
  ALLOW_OVERSUBSCRIBE: "allow_oversubscribe",
} as const;

export const MCCTRL_ABI: AbiModule = {
  header: "images/include/mckernel/mcctrl.h",
  title: "System-call delegation between the LWK, mcctrl.ko and mcexec: packets, program description, ioctls.",
  source: "src/abi/mcctrl.ts",
  constantGroups: [
    {
      doc: "IKC ports mcctrl listens on",
      constants: [
        c("MCCTRL_PORT_SYSCALL", MCCTRL_PORT.SYSCALL, "one channel per LWK CPU"),
        c("MCCTRL_PORT_CONTROL", MCCTRL_PORT.CONTROL, "one channel from the BSP"),
      ],
    },
    group("ikc_scd_packet.msg", "SCD_MSG_", SCD_MSG, SCD_MSG_DOC),
    group("an LWK channel's mcctrl area (INIT_CHANNEL arg): offsets and sizes", "MCCTRL_AREA_", MCCTRL_AREA),
    group("user address space shared by an LWK process and its mcexec", "MCK_USER_", MCK_USER),
    {
      doc: "system calls with a meaning in the protocol",
      constants: [c("MCK_NR_EXIT_GROUP", MCK_NR_EXIT_GROUP, "the process ended; args[0] = wait status")],
    },
    group("program_section.prot", "MCK_PROT_", PROT),
    group("mcctrl ioctls on /dev/mcos<N>", "MCEXEC_UP_", MCEXEC_UP, MCEXEC_UP_DOC),
  ],
  strings: { MCK_KARG_HIDOS: KARGS.HIDOS, MCK_KARG_ALLOW_OVERSUBSCRIBE: KARGS.ALLOW_OVERSUBSCRIBE },
  structs: [SCD_PACKET, PROGRAM_LOAD_DESC, PROGRAM_SECTION, MCEXEC_SYSCALL, MCEXEC_SIGNAL],
};
