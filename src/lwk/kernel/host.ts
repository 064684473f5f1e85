// The LWK's link to Linux for processes (McKernel's kernel/host.c and the offload half of
// kernel/syscall.c): the IKC side implements HostLink; the process side implements
// ProcessControl and registers it. Protocol: src/abi/mcctrl.ts.

/** An offloaded system call as the LWK sends it (SCD_MSG_SYSCALL_ONESIDE). */
export interface OffloadRequest {
  pid: number;
  tid: number;
  number: number;
  /** Six i386 arguments (ebx ecx edx esi edi ebp). */
  args: readonly number[];
  /** The process's address-space generation (mcctrl refreshes its mirror when it grew). */
  vmGen: number;
}

/** What Linux asks of the process side, on the 502 channel. */
export interface ProcessControl {
  /** PREPARE_PROCESS: the program_load_desc is at descPa (in the 502 post area, which the
   * LWK owns); fill its out fields and return 0, or return -errno. */
  prepare(pid: number, descPa: number): number;
  /** SCHEDULE_PROCESS: the prepared process starts. */
  schedule(pid: number): void;
  /** SEND_SIGNAL: tid 0 = any thread of the process. */
  signal(pid: number, tid: number, sig: number): void;
  /** CLEANUP_PROCESS: mcexec is gone; end the process without offloading anything more. */
  cleanup(pid: number): void;
}

export interface HostLink {
  /** True once mcctrl acknowledged every channel (mcexec can work). */
  ready(): boolean;
  /** Sends the call from the calling CPU on its port-501 channel; done(ret) runs later on
   * that same CPU with the result (or -ENOSYS when the link is down). */
  offload(request: OffloadRequest, done: (ret: number) => void): void;
  /** The process ended (exit_group on the 502 channel); waitStatus in Linux's encoding. */
  exited(pid: number, tid: number, waitStatus: number): void;
}
