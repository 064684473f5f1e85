// Memory system calls (McKernel's do_mmap and friends): brk, mmap/mmap2, munmap, mprotect,
// mremap, madvise and the calls that have nothing to do when every page is resident
// (msync, mincore, mlock*). Every accessible mapping is populated at once with zeroed pages
// (PROT_NONE reservations when mprotect opens them); a
// file-backed private mapping is then filled by a pread64 that Linux performs into the
// new pages (mcexec reaches them through mcctrl's mirror of the address space). MAP_SHARED
// file mappings get the same private copy: writes do not reach the file.

import { EFAULT, EINVAL, ENOMEM, EEXIST } from "./errno.ts";
import { PAGE_SIZE } from "./page_alloc.ts";
import { syscall_offload } from "./syscall.ts";
import {
  ihk_mc_syscall_arg0, ihk_mc_syscall_arg1, ihk_mc_syscall_arg2, ihk_mc_syscall_arg3, ihk_mc_syscall_arg4,
  ihk_mc_syscall_arg5, type ihk_mc_user_context_t, SYSCALL_DECLARE, type syscall_result,
} from "./syscall_table.ts";
import { copy_to_user, get_user_words } from "./uaccess.ts";
import { page_align_up, PROT_MASK, PROT_READ, PROT_WRITE, USER_END, USER_START } from "./vm.ts";

const PROT_GROWSDOWN = 0x01000000;
const PROT_GROWSUP = 0x02000000;
const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_TYPE = 0x0f;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MAP_FIXED_NOREPLACE = 0x100000;
const MREMAP_MAYMOVE = 1;
const MREMAP_FIXED = 2;
const MADV_DONTNEED = 4;
const MADV_FREE = 8;
const NR_PREAD64 = 180;

const aligned = (addr: number): boolean => (addr & (PAGE_SIZE - 1)) === 0;

SYSCALL_DECLARE("brk", (ctx) => {
  const vm = ctx.thread.proc.vm;
  const addr = ihk_mc_syscall_arg0(ctx);
  if (addr < vm.brk_start) return vm.brk;
  const oldEnd = page_align_up(vm.brk);
  const newEnd = page_align_up(addr);
  if (newEnd > oldEnd) {
    if (!vm.is_free(oldEnd, newEnd) || !vm.map(oldEnd, newEnd, PROT_READ | PROT_WRITE, "heap")) return vm.brk;
  } else if (newEnd < oldEnd) {
    vm.unmap(newEnd, oldEnd);
  }
  vm.brk = addr;
  return addr;
});

function do_mmap(ctx: ihk_mc_user_context_t, addr: number, len: number, prot: number, flags: number, fd: number,
  offset: number): syscall_result {
  const vm = ctx.thread.proc.vm;
  const type = flags & MAP_TYPE;
  if (len === 0 || !aligned(offset) || (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== 3)) return -EINVAL;
  if (prot & ~PROT_MASK) return -EINVAL;
  const size = page_align_up(len);
  if (size > USER_END - USER_START) return -ENOMEM;
  let start: number | undefined;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (!aligned(addr)) return -EINVAL;
    if (addr < USER_START || addr + size > USER_END) return -ENOMEM;
    if (flags & MAP_FIXED_NOREPLACE && !vm.is_free(addr, addr + size)) return -EEXIST;
    vm.unmap(addr, addr + size);
    start = addr;
  } else if (addr !== 0 && aligned(addr) && vm.is_free(addr, addr + size)) {
    start = addr;
  } else {
    start = vm.find_free(size);
  }
  if (start === undefined || !vm.map(start, start + size, prot, "mmap")) return -ENOMEM;
  if (flags & MAP_ANONYMOUS) return start | 0;
  const at = start;
  return syscall_offload(ctx.thread, NR_PREAD64, [fd >>> 0, at, len, offset % 2 ** 32, Math.floor(offset / 2 ** 32), 0], (ret) => {
    if (ret >= 0) return at | 0;
    vm.unmap(at, at + size);
    return ret;
  });
}

// mmap2: the offset is in pages.
SYSCALL_DECLARE("mmap2", (ctx) => do_mmap(ctx, ihk_mc_syscall_arg0(ctx), ihk_mc_syscall_arg1(ctx), ihk_mc_syscall_arg2(ctx),
  ihk_mc_syscall_arg3(ctx), ihk_mc_syscall_arg4(ctx), ihk_mc_syscall_arg5(ctx) * PAGE_SIZE));

// old_mmap: the six arguments are in a struct the one argument points to.
SYSCALL_DECLARE("mmap", (ctx) => {
  const w = get_user_words(ctx.thread.proc.vm, ihk_mc_syscall_arg0(ctx), 6);
  if (!w) return -EFAULT;
  return do_mmap(ctx, w[0]!, w[1]!, w[2]!, w[3]!, w[4]!, w[5]!);
});

SYSCALL_DECLARE("munmap", (ctx) => {
  const addr = ihk_mc_syscall_arg0(ctx);
  const len = ihk_mc_syscall_arg1(ctx);
  if (!aligned(addr) || len === 0 || addr + len > USER_END) return -EINVAL;
  ctx.thread.proc.vm.unmap(addr, addr + page_align_up(len));
  return 0;
});

SYSCALL_DECLARE("mprotect", (ctx) => {
  const addr = ihk_mc_syscall_arg0(ctx);
  const len = page_align_up(ihk_mc_syscall_arg1(ctx));
  const prot = ihk_mc_syscall_arg2(ctx);
  if (!aligned(addr) || prot & ~(PROT_MASK | PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (len === 0) return 0;
  return ctx.thread.proc.vm.protect(addr, addr + len, prot & PROT_MASK) ? 0 : -ENOMEM;
});

SYSCALL_DECLARE("mremap", (ctx) => {
  const vm = ctx.thread.proc.vm;
  const old = ihk_mc_syscall_arg0(ctx);
  const oldLen = page_align_up(ihk_mc_syscall_arg1(ctx));
  const newLen = page_align_up(ihk_mc_syscall_arg2(ctx));
  const flags = ihk_mc_syscall_arg3(ctx);
  const newAddr = ihk_mc_syscall_arg4(ctx);
  if (!aligned(old) || newLen === 0 || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) return -EINVAL;
  if (flags & MREMAP_FIXED && (!(flags & MREMAP_MAYMOVE) || !aligned(newAddr))) return -EINVAL;
  const range = vm.range_at(old);
  if (!range || old + oldLen > range.end) return -EFAULT;
  const grow = (at: number): boolean => newLen <= oldLen || vm.map(at + oldLen, at + newLen, range.prot, range.kind);
  if (flags & MREMAP_FIXED) {
    if (newAddr < USER_START || newAddr + newLen > USER_END) return -EINVAL;
    if (newAddr < old + oldLen && old < newAddr + newLen) return -EINVAL;
    vm.unmap(newAddr, newAddr + newLen);
    return relocate(ctx, old, oldLen, newAddr, newLen, grow);
  }
  if (newLen <= oldLen) {
    vm.unmap(old + newLen, old + oldLen);
    return old | 0;
  }
  if (vm.is_free(old + oldLen, old + newLen)) return grow(old) ? old | 0 : -ENOMEM;
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  const to = vm.find_free(newLen);
  if (to === undefined) return -ENOMEM;
  return relocate(ctx, old, oldLen, to, newLen, grow);
});

/** Moves [old, old + oldLen) to `to`, trimmed or grown to newLen. */
function relocate(ctx: ihk_mc_user_context_t, old: number, oldLen: number, to: number, newLen: number,
  grow: (at: number) => boolean): number {
  const vm = ctx.thread.proc.vm;
  const keep = Math.min(oldLen, newLen);
  if (!vm.move(old, to, keep)) return -ENOMEM;
  vm.unmap(old, old + oldLen);
  if (!grow(to)) {
    vm.move(to, old, keep);
    return -ENOMEM;
  }
  return to | 0;
}

SYSCALL_DECLARE("madvise", (ctx) => {
  const vm = ctx.thread.proc.vm;
  const addr = ihk_mc_syscall_arg0(ctx);
  const len = page_align_up(ihk_mc_syscall_arg1(ctx));
  const advice = ihk_mc_syscall_arg2(ctx);
  if (!aligned(addr)) return -EINVAL;
  if (!vm.is_mapped(addr, addr + len)) return -ENOMEM;
  if (advice === MADV_DONTNEED || advice === MADV_FREE) vm.zero(addr, addr + len);
  return 0;
});

function resident_check(ctx: ihk_mc_user_context_t): number {
  const addr = ihk_mc_syscall_arg0(ctx);
  const len = page_align_up(ihk_mc_syscall_arg1(ctx));
  if (!aligned(addr)) return -EINVAL;
  return ctx.thread.proc.vm.is_mapped(addr, addr + len) ? 0 : -ENOMEM;
}

SYSCALL_DECLARE("msync", resident_check);
SYSCALL_DECLARE("mlock", resident_check);
SYSCALL_DECLARE("munlock", resident_check);
SYSCALL_DECLARE("mlockall", () => 0);
SYSCALL_DECLARE("munlockall", () => 0);

SYSCALL_DECLARE("mincore", (ctx) => {
  const r = resident_check(ctx);
  if (r !== 0) return r;
  const pages = page_align_up(ihk_mc_syscall_arg1(ctx)) / PAGE_SIZE;
  return copy_to_user(ctx.thread.proc.vm, ihk_mc_syscall_arg2(ctx), new Uint8Array(pages).fill(1)) ? 0 : -EFAULT;
});
