// System-call entry and delegation (McKernel's kernel/syscall.c): `int $0x80` lands in
// do_syscall on the thread's CPU; a number with a local handler runs it, anything else goes
// to Linux through the host link (syscall_generic_forwarding) while the thread sleeps. A call
// that Linux answers with ENOSYS, or that the LWK refuses, leaves one kmsg line per number.

import { Reg } from "../../emu/x86/types.ts";
import type { UserCore } from "../hal.ts";
import { ENOSYS } from "./errno.ts";
import type { HostLink } from "./host.ts";
import { ihk_mc } from "./ihk_mc.ts";
import { kprintf } from "./kmsg.ts";
import type { sleep_token, thread } from "./process.ts";
import { thread_sleep, thread_wakeup } from "./sched.ts";
import {
  type ihk_mc_user_context_t, SYSCALL_SUSPENDED, type syscall_result, syscall_handler_of, syscall_name,
} from "./syscall_table.ts";

let link: HostLink | undefined;
const reported = new Set<number>();

export function syscall_set_host_link(hostLink: HostLink | undefined): void {
  link = hostLink;
  reported.clear();
}

export function host_link(): HostLink | undefined {
  return link;
}

/** One kmsg line per number the LWK cannot serve. */
function syscall_report_unsupported(number: number): void {
  if (reported.has(number)) return;
  reported.add(number);
  kprintf(`syscall ${number} (${syscall_name(number)}) is not supported`);
}

const ARG_REGS = [Reg.EBX, Reg.ECX, Reg.EDX, Reg.ESI, Reg.EDI, Reg.EBP];

export function do_syscall(t: thread, core: UserCore): void {
  const number = core.regs[Reg.EAX]! >>> 0;
  const args = ARG_REGS.map((r) => core.regs[r]! >>> 0);
  const ctx: ihk_mc_user_context_t = { thread: t, number, args, core };
  const handler = syscall_handler_of(number);
  ihk_mc().ihk_mc_trace({
    type: "syscall", hwId: t.cpu, pid: t.proc.pid, tid: t.tid, number, name: syscall_name(number), offloaded: !handler,
  });
  const ret: syscall_result = handler ? handler(ctx) : syscall_generic_forwarding(ctx);
  if (ret !== SYSCALL_SUSPENDED && t.state !== "exited") core.regs[Reg.EAX] = ret;
}

export function syscall_generic_forwarding(ctx: ihk_mc_user_context_t): syscall_result {
  return syscall_offload(ctx.thread, ctx.number, ctx.args);
}

/** Sends a call to Linux; the thread sleeps (signals wait) until the answer, and then gets
 * complete(answer) in EAX. */
export function syscall_offload(t: thread, number: number, args: readonly number[],
  complete: (ret: number) => number = (ret) => ret): syscall_result {
  const token: sleep_token = { interruptible: false, cancel: () => undefined };
  thread_sleep(t, token);
  const done = (answer: number): void => {
    if (t.sleep !== token) return;
    const ret = answer | 0;
    if (ret === -ENOSYS) syscall_report_unsupported(number);
    thread_wakeup(t, token, complete(ret));
  };
  if (!link) {
    done(-ENOSYS);
    return SYSCALL_SUSPENDED;
  }
  link.offload({ pid: t.proc.pid, tid: t.tid, number, args, vmGen: t.proc.vm.vm_gen }, done);
  return SYSCALL_SUSPENDED;
}

/** A call the LWK refuses (fork, vfork, execve for now). */
export function syscall_refuse(number: number): number {
  syscall_report_unsupported(number);
  return -ENOSYS;
}
