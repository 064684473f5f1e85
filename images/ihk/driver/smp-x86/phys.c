// SPDX-License-Identifier: GPL-2.0
/*
 * Reserved memory is mostly high memory that Linux does not map: reach it
 * one page at a time through temporary mappings.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include "smp.h"

static void smp_phys_copy(phys_addr_t phys, void *buf, size_t len, bool to_phys)
{
	while (len) {
		size_t offset = offset_in_page(phys);
		size_t n = min_t(size_t, len, PAGE_SIZE - offset);
		char *page = kmap_local_page(pfn_to_page(PHYS_PFN(phys)));

		if (to_phys)
			memcpy(page + offset, buf, n);
		else
			memcpy(buf, page + offset, n);
		kunmap_local(page);
		phys += n;
		buf += n;
		len -= n;
	}
}

void smp_phys_write(phys_addr_t phys, const void *buf, size_t len)
{
	smp_phys_copy(phys, (void *)buf, len, true);
}

void smp_phys_read(phys_addr_t phys, void *buf, size_t len)
{
	smp_phys_copy(phys, buf, len, false);
}
