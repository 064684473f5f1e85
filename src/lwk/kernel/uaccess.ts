// Kernel access to user memory through the process's page table (McKernel's
// copy_from_user/copy_to_user): page by page, failing (EFAULT) on a page that is not
// present or, for writes, not writable. Writes invalidate the cores' compiled code there.

import { ihk_mc } from "./ihk_mc.ts";
import { PAGE_SIZE } from "./page_alloc.ts";
import { phys_map } from "./phys.ts";
import type { process_vm } from "./vm.ts";

function chunks(va: number, length: number, each: (va: number, done: number, n: number) => boolean): boolean {
  let done = 0;
  while (done < length) {
    const at = (va + done) >>> 0;
    const n = Math.min(length - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
    if (!each(at, done, n)) return false;
    done += n;
  }
  return true;
}

export function copy_from_user(vm: process_vm, va: number, length: number): Uint8Array | undefined {
  const out = new Uint8Array(length);
  const ok = chunks(va, length, (at, done, n) => {
    const pa = vm.translate(at, false);
    if (pa === undefined) return false;
    out.set(phys_map(pa, n), done);
    return true;
  });
  return ok ? out : undefined;
}

export function copy_to_user(vm: process_vm, va: number, bytes: Uint8Array): boolean {
  const hal = ihk_mc();
  return chunks(va, bytes.length, (at, done, n) => {
    const pa = vm.translate(at, true);
    if (pa === undefined) return false;
    phys_map(pa, n).set(bytes.subarray(done, done + n));
    hal.ihk_mc_invalidate_code(pa, n);
    return true;
  });
}

export function get_user32(vm: process_vm, va: number): number | undefined {
  const b = copy_from_user(vm, va, 4);
  return b && new DataView(b.buffer).getUint32(0, true);
}

export function put_user32(vm: process_vm, va: number, value: number): boolean {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value >>> 0, true);
  return copy_to_user(vm, va, b);
}

/** Little-endian u32 words read from user memory. */
export function get_user_words(vm: process_vm, va: number, count: number): number[] | undefined {
  const b = copy_from_user(vm, va, count * 4);
  if (!b) return undefined;
  const dv = new DataView(b.buffer);
  return Array.from({ length: count }, (_, i) => dv.getUint32(i * 4, true));
}

export function put_user_words(vm: process_vm, va: number, words: readonly number[]): boolean {
  const b = new Uint8Array(words.length * 4);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return copy_to_user(vm, va, b);
}
