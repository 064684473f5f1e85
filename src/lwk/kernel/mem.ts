// Physical memory (McKernel's kernel/mem.c): a page allocator over the memory IHK assigned,
// minus the kernel image at its start and IHK's boot parameters and kmsg at its end.

import { BOOT_PARAM_AREA, KMSG_SIZE } from "../../abi/ihk-board.ts";
import type { BootParam } from "./bootparam.ts";
import { kprintf } from "./kmsg.ts";
import { PAGE_SHIFT, PageAllocator } from "./page_alloc.ts";

export function mem_init(bp: BootParam): PageAllocator {
  const pa = new PageAllocator(bp.start, bp.end);
  kprintf(`Page allocator: ${bp.start.toString(16)} - ${bp.end.toString(16)} (${PAGE_SHIFT})`);
  pa.reserve(bp.start, bp.start + bp.imageSize);
  pa.reserve(bp.end - KMSG_SIZE - BOOT_PARAM_AREA, bp.end);
  kprintf(`Available pages: ${pa.count()} pages`);
  return pa;
}
