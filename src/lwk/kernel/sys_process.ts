// Process system calls: identities, exits, waits, scheduling and CPU placement, and the
// calls the LWK refuses for now (fork, vfork, execve, clone3, rseq: glibc falls back).

import { ECHILD, EFAULT, EINVAL, EPERM, ESRCH } from "./errno.ts";
import { do_exit_group, do_exit_thread } from "./exit.ts";
import type { credentials, thread } from "./process.ts";
import { find_thread } from "./process.ts";
import { sched_cpu_ids, sched_yield_thread } from "./sched.ts";
import { syscall_offload, syscall_refuse } from "./syscall.ts";
import {
  ihk_mc_syscall_arg0, ihk_mc_syscall_arg1, ihk_mc_syscall_arg2, type ihk_mc_user_context_t, SYSCALL_DECLARE,
  SYSCALL_SUSPENDED, type syscall_result,
} from "./syscall_table.ts";
import { put_user_words } from "./uaccess.ts";

const ROBUST_LIST_HEAD_SIZE = 12;

SYSCALL_DECLARE("getpid", (ctx) => ctx.thread.proc.pid);
SYSCALL_DECLARE("gettid", (ctx) => ctx.thread.tid);
SYSCALL_DECLARE("getppid", (ctx) => ctx.thread.proc.ppid);

/** 16-bit ids for the old calls (Linux's high2lowuid: ids above 65535 read as 65534). */
const low = (id: number): number => (id > 0xffff ? 0xfffe : id);

const cred = (ctx: ihk_mc_user_context_t): credentials => ctx.thread.proc.cred;
SYSCALL_DECLARE("getuid", (ctx) => low(cred(ctx).uid));
SYSCALL_DECLARE("geteuid", (ctx) => low(cred(ctx).euid));
SYSCALL_DECLARE("getgid", (ctx) => low(cred(ctx).gid));
SYSCALL_DECLARE("getegid", (ctx) => low(cred(ctx).egid));
SYSCALL_DECLARE("getuid32", (ctx) => cred(ctx).uid);
SYSCALL_DECLARE("geteuid32", (ctx) => cred(ctx).euid);
SYSCALL_DECLARE("getgid32", (ctx) => cred(ctx).gid);
SYSCALL_DECLARE("getegid32", (ctx) => cred(ctx).egid);

function getres(ctx: ihk_mc_user_context_t, ids: number[]): number {
  const vm = ctx.thread.proc.vm;
  return ids.every((id, i) => put_user_words(vm, ctx.args[i]!, [id])) ? 0 : -EFAULT;
}

SYSCALL_DECLARE("getresuid32", (ctx) => getres(ctx, [cred(ctx).uid, cred(ctx).euid, cred(ctx).suid]));
SYSCALL_DECLARE("getresgid32", (ctx) => getres(ctx, [cred(ctx).gid, cred(ctx).egid, cred(ctx).sgid]));

/** Changing ids: Linux (mcexec, which opens files for the process) changes first, with its
 * own permission checks; on success the LWK's copy follows. -1 leaves an id as it is. */
function set_ids(ctx: ihk_mc_user_context_t, update: (c: credentials, args: readonly number[]) => void): syscall_result {
  const t = ctx.thread;
  return syscall_offload(t, ctx.number, ctx.args, (ret) => {
    if (ret === 0) update(t.proc.cred, ctx.args);
    return ret;
  });
}

const keep = (arg: number, old: number): number => (arg === 0xffffffff ? old : arg);
const privileged = (c: credentials): boolean => c.euid === 0;

SYSCALL_DECLARE("setuid32", (ctx) => set_ids(ctx, (c, [uid]) => {
  if (privileged(c)) Object.assign(c, { uid, suid: uid });
  Object.assign(c, { euid: uid!, fsuid: uid! });
}));
SYSCALL_DECLARE("setgid32", (ctx) => set_ids(ctx, (c, [gid]) => {
  if (privileged(c)) Object.assign(c, { gid, sgid: gid });
  Object.assign(c, { egid: gid!, fsgid: gid! });
}));
SYSCALL_DECLARE("setreuid32", (ctx) => set_ids(ctx, (c, [r, e]) => {
  const euid = keep(e!, c.euid);
  if (r !== 0xffffffff || euid !== c.uid) c.suid = euid;
  Object.assign(c, { uid: keep(r!, c.uid), euid, fsuid: euid });
}));
SYSCALL_DECLARE("setregid32", (ctx) => set_ids(ctx, (c, [r, e]) => {
  const egid = keep(e!, c.egid);
  if (r !== 0xffffffff || egid !== c.gid) c.sgid = egid;
  Object.assign(c, { gid: keep(r!, c.gid), egid, fsgid: egid });
}));
SYSCALL_DECLARE("setresuid32", (ctx) => set_ids(ctx, (c, [r, e, s]) => {
  Object.assign(c, { uid: keep(r!, c.uid), euid: keep(e!, c.euid), suid: keep(s!, c.suid) });
  c.fsuid = c.euid;
}));
SYSCALL_DECLARE("setresgid32", (ctx) => set_ids(ctx, (c, [r, e, s]) => {
  Object.assign(c, { gid: keep(r!, c.gid), egid: keep(e!, c.egid), sgid: keep(s!, c.sgid) });
  c.fsgid = c.egid;
}));

SYSCALL_DECLARE("exit", (ctx) => {
  do_exit_thread(ctx.thread, ihk_mc_syscall_arg0(ctx));
  return SYSCALL_SUSPENDED;
});

SYSCALL_DECLARE("exit_group", (ctx) => {
  do_exit_group(ctx.thread.proc, ctx.thread, (ihk_mc_syscall_arg0(ctx) & 0xff) << 8);
  return SYSCALL_SUSPENDED;
});

// The LWK starts no child processes (fork is refused), so there is never a child to wait for.
SYSCALL_DECLARE("wait4", () => -ECHILD);
SYSCALL_DECLARE("waitpid", () => -ECHILD);
SYSCALL_DECLARE("waitid", () => -ECHILD);

SYSCALL_DECLARE("fork", (ctx) => syscall_refuse(ctx.number));
SYSCALL_DECLARE("vfork", (ctx) => syscall_refuse(ctx.number));
SYSCALL_DECLARE("execve", (ctx) => syscall_refuse(ctx.number));
SYSCALL_DECLARE("clone3", (ctx) => syscall_refuse(ctx.number));
SYSCALL_DECLARE("rseq", (ctx) => syscall_refuse(ctx.number));

SYSCALL_DECLARE("set_tid_address", (ctx) => {
  ctx.thread.clear_child_tid = ihk_mc_syscall_arg0(ctx);
  return ctx.thread.tid;
});

SYSCALL_DECLARE("set_robust_list", (ctx) => {
  if (ihk_mc_syscall_arg1(ctx) !== ROBUST_LIST_HEAD_SIZE) return -EINVAL;
  ctx.thread.robust_list = ihk_mc_syscall_arg0(ctx);
  return 0;
});

/** The thread a scheduling call names: 0 = the caller, else a thread of an LWK process. */
function target_thread(ctx: ihk_mc_user_context_t, pid: number): thread | undefined {
  return pid === 0 ? ctx.thread : find_thread(pid);
}

SYSCALL_DECLARE("get_robust_list", (ctx) => {
  const t = target_thread(ctx, ihk_mc_syscall_arg0(ctx) | 0);
  if (!t) return -ESRCH;
  if (t.proc !== ctx.thread.proc) return -EPERM;
  const vm = ctx.thread.proc.vm;
  const ok = put_user_words(vm, ihk_mc_syscall_arg1(ctx), [t.robust_list])
    && put_user_words(vm, ihk_mc_syscall_arg2(ctx), [ROBUST_LIST_HEAD_SIZE]);
  return ok ? 0 : -EFAULT;
});

SYSCALL_DECLARE("sched_yield", (ctx) => {
  sched_yield_thread(ctx.thread);
  return 0;
});

/** Bytes of a CPU mask covering every LWK CPU's hardware id, in whole longs. */
function cpumask_bytes(): number {
  return Math.ceil((Math.max(...sched_cpu_ids()) + 1) / 32) * 4;
}

SYSCALL_DECLARE("sched_getaffinity", (ctx) => {
  if (!target_thread(ctx, ihk_mc_syscall_arg0(ctx) | 0)) return -ESRCH;
  const len = ihk_mc_syscall_arg1(ctx);
  const size = cpumask_bytes();
  if (len < size || len & 3) return -EINVAL;
  const words = new Array(size / 4).fill(0);
  for (const id of sched_cpu_ids()) words[id >> 5] |= 1 << (id & 31);
  return put_user_words(ctx.thread.proc.vm, ihk_mc_syscall_arg2(ctx), words) ? size : -EFAULT;
});

// Threads stay on the CPU they were given; a mask is accepted and changes nothing.
SYSCALL_DECLARE("sched_setaffinity", (ctx) => (target_thread(ctx, ihk_mc_syscall_arg0(ctx) | 0) ? 0 : -ESRCH));

SYSCALL_DECLARE("getcpu", (ctx) => {
  const vm = ctx.thread.proc.vm;
  const cpu = ihk_mc_syscall_arg0(ctx);
  const node = ihk_mc_syscall_arg1(ctx);
  if (cpu !== 0 && !put_user_words(vm, cpu, [ctx.thread.cpu])) return -EFAULT;
  if (node !== 0 && !put_user_words(vm, node, [0])) return -EFAULT;
  return 0;
});
