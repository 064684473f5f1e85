// Physical memory (McKernel's kernel/mem.c): a page allocator over the memory IHK assigned,
// minus the kernel image at its start and, at its end, the master IKC queues, IHK's boot
// parameters and the kmsg buffer. The
// rest of the kernel takes pages with ihk_mc_alloc_pages and gives them back with
// ihk_mc_free_pages.

import { BOOT_PARAM_AREA, KMSG_SIZE, MIKC_AREA } from "../../abi/ihk-board.ts";
import type { BootParam } from "./bootparam.ts";
import { kprintf } from "./kmsg.ts";
import { PAGE_SHIFT, PageAllocator } from "./page_alloc.ts";

let allocator: PageAllocator | undefined;

export function mem_init(bp: BootParam): PageAllocator {
  const pa = new PageAllocator(bp.start, bp.end);
  kprintf(`Page allocator: ${bp.start.toString(16)} - ${bp.end.toString(16)} (${PAGE_SHIFT})`);
  pa.reserve(bp.start, bp.start + bp.imageSize);
  pa.reserve(bp.end - KMSG_SIZE - BOOT_PARAM_AREA - MIKC_AREA, bp.end);
  kprintf(`Available pages: ${pa.count()} pages`);
  allocator = pa;
  return pa;
}

function pages(): PageAllocator {
  if (!allocator) throw new Error("mem: no page allocator before mem_init");
  return allocator;
}

/** Physical address of npages contiguous pages (contents undefined), or undefined when out of memory. */
export function ihk_mc_alloc_pages(npages: number): number | undefined {
  return pages().alloc(npages);
}

export function ihk_mc_free_pages(pa: number, npages: number): void {
  pages().freePages(pa, npages);
}

export function ihk_mc_free_page_count(): number {
  return pages().count();
}
