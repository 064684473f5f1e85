// Threads: clone (threads only: CLONE_VM|CLONE_THREAD|CLONE_SIGHAND, as pthread_create
// asks) and the TLS descriptors of set_thread_area (GDT entries 6..8, glibc's %gs).

import { Reg, Seg } from "../../emu/x86/types.ts";
import { EFAULT, EINVAL, ESRCH } from "./errno.ts";
import { alloc_tid, new_thread, type thread, thread_register, type tls_desc } from "./process.ts";
import { sched_add_thread, sched_choose_cpu } from "./sched.ts";
import { syscall_refuse } from "./syscall.ts";
import {
  ihk_mc_syscall_arg0, ihk_mc_syscall_arg1, ihk_mc_syscall_arg2, ihk_mc_syscall_arg3, ihk_mc_syscall_arg4,
  SYSCALL_DECLARE,
} from "./syscall_table.ts";
import { get_user_words, put_user32, put_user_words } from "./uaccess.ts";

const CLONE_VM = 0x00000100;
const CLONE_SIGHAND = 0x00000800;
const CLONE_THREAD = 0x00010000;
const CLONE_SETTLS = 0x00080000;
const CLONE_PARENT_SETTID = 0x00100000;
const CLONE_CHILD_CLEARTID = 0x00200000;
const CLONE_CHILD_SETTID = 0x01000000;
const CLONE_THREAD_FLAGS = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;

const GDT_ENTRY_TLS_MIN = 6;
const GDT_ENTRY_TLS_MAX = 8;
// struct user_desc flags: seg_32bit, contents(2), read_exec_only, limit_in_pages, seg_not_present, useable
const UD_READ_EXEC_ONLY = 1 << 3;
const UD_SEG_NOT_PRESENT = 1 << 5;

function tls_selector(entry: number): number {
  return (entry << 3) | 3;
}

/** A user_desc that clears the entry (Linux's LDT_empty / LDT_zero). */
function desc_empty(base: number, limit: number, flags: number): boolean {
  if (base !== 0 || limit !== 0) return false;
  return flags === 0 || flags === (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT);
}

/** Reads a struct user_desc; entry -1 picks a free one (when allowed) and writes it back. */
function read_user_desc(t: thread, va: number, allocate: boolean): { entry: number; desc: tls_desc | null } | number {
  const vm = t.proc.vm;
  const w = get_user_words(vm, va, 4);
  if (!w) return -EFAULT;
  let entry = w[0]! | 0;
  if (entry === -1 && allocate) {
    const free = t.tls.findIndex((d) => d === null);
    if (free === -1) return -ESRCH;
    entry = GDT_ENTRY_TLS_MIN + free;
    if (!put_user32(vm, va, entry)) return -EFAULT;
  }
  if (entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX) return -EINVAL;
  const [base, limit, flags] = [w[1]!, w[2]!, w[3]! & 0x7f];
  return { entry, desc: desc_empty(base, limit, flags) ? null : { base, limit, flags } };
}

SYSCALL_DECLARE("set_thread_area", (ctx) => {
  const t = ctx.thread;
  const r = read_user_desc(t, ihk_mc_syscall_arg0(ctx), true);
  if (typeof r === "number") return r;
  t.tls[r.entry - GDT_ENTRY_TLS_MIN] = r.desc;
  ctx.core.defineDescriptor(tls_selector(r.entry), r.desc?.base ?? 0);
  return 0;
});

SYSCALL_DECLARE("get_thread_area", (ctx) => {
  const t = ctx.thread;
  const va = ihk_mc_syscall_arg0(ctx);
  const w = get_user_words(t.proc.vm, va, 1);
  if (!w) return -EFAULT;
  const entry = w[0]! | 0;
  if (entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX) return -EINVAL;
  const d = t.tls[entry - GDT_ENTRY_TLS_MIN];
  const words = d ? [entry, d.base, d.limit, d.flags] : [entry, 0, 0, UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT];
  return put_user_words(t.proc.vm, va, words) ? 0 : -EFAULT;
});

// i386 clone (CLONE_BACKWARDS): flags, newsp, parent_tidptr, tls (a user_desc), child_tidptr.
SYSCALL_DECLARE("clone", (ctx) => {
  const parent = ctx.thread;
  const proc = parent.proc;
  const flags = ihk_mc_syscall_arg0(ctx);
  const newsp = ihk_mc_syscall_arg1(ctx);
  const ptid = ihk_mc_syscall_arg2(ctx);
  const tlsp = ihk_mc_syscall_arg3(ctx);
  const ctid = ihk_mc_syscall_arg4(ctx);
  if ((flags & CLONE_THREAD_FLAGS) !== CLONE_THREAD_FLAGS) return syscall_refuse(ctx.number);
  const tls = flags & CLONE_SETTLS ? read_user_desc(parent, tlsp, false) : undefined;
  if (typeof tls === "number") return tls;
  const cpu = sched_choose_cpu(-1, true);
  if (cpu === undefined) return -EINVAL;
  const tid = alloc_tid();
  if (flags & CLONE_PARENT_SETTID && !put_user32(proc.vm, ptid, tid)) return -EFAULT;
  if (flags & CLONE_CHILD_SETTID && !put_user32(proc.vm, ctid, tid)) return -EFAULT;
  const state = ctx.core.getState();
  state.gpr[Reg.EAX] = 0;
  if (newsp !== 0) state.gpr[Reg.ESP] = newsp;
  const child = new_thread(proc, tid, cpu, state);
  child.tls = [...parent.tls];
  child.sigmask = parent.sigmask;
  if (tls) {
    child.tls[tls.entry - GDT_ENTRY_TLS_MIN] = tls.desc;
    for (const seg of [Seg.FS, Seg.GS]) {
      const s = state.segments[seg]!;
      if (s.selector >> 3 === tls.entry) s.base = tls.desc?.base ?? 0;
    }
  }
  if (flags & CLONE_CHILD_CLEARTID) child.clear_child_tid = ctid;
  thread_register(child);
  sched_add_thread(child);
  return tid;
});
