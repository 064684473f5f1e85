// SPDX-License-Identifier: GPL-2.0
/*
 * IHK core: what other modules (mcctrl) use of an OS instance (see
 * <ihk/ihk_os.h>): finding it, its memory and CPUs, and the user-call
 * handlers that get the aux ioctls of its /dev/mcos<N>. The memory and CPU
 * facts are those the driver gave when the OS booted; they stay the same
 * until it is destroyed, so reading them needs no lock.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "core.h"

/* Only booted instances talk IKC, and only those are found. */
ihk_os_t ihk_host_find_os(int index, void *unused)
{
	struct ihk_os *os = NULL;

	mutex_lock(&ihk_mutex);
	if (index >= 0 && index < IHK_MAX_OS)
		os = ihk_os_at(index);
	if (os && !os->ikc.running)
		os = NULL;
	mutex_unlock(&ihk_mutex);
	return os;
}
EXPORT_SYMBOL_GPL(ihk_host_find_os);

int ihk_host_os_get_index(ihk_os_t os)
{
	return os->index;
}
EXPORT_SYMBOL_GPL(ihk_host_os_get_index);

void ihk_os_get_memory(ihk_os_t os, phys_addr_t *start, phys_addr_t *end)
{
	*start = os->ikc.info.mem_start;
	*end = os->ikc.info.mem_end;
}
EXPORT_SYMBOL_GPL(ihk_os_get_memory);

bool ihk_os_phys_inside(struct ihk_os *os, phys_addr_t pa, size_t size)
{
	u64 start = os->ikc.info.mem_start, end = os->ikc.info.mem_end;

	return pa >= start && pa < end && size <= end - pa;
}

int ihk_os_nr_cpus(ihk_os_t os)
{
	return os->ikc.info.nr_cpus;
}
EXPORT_SYMBOL_GPL(ihk_os_nr_cpus);

int ihk_os_cpu_index(ihk_os_t os, int apicid)
{
	int i;

	for (i = 0; i < os->ikc.info.nr_cpus; i++)
		if (os->ikc.info.cpu_hw_ids[i] == apicid)
			return i;
	return -1;
}
EXPORT_SYMBOL_GPL(ihk_os_cpu_index);

/* The OS memory was taken from Linux, so every page of it has a struct page. */
void *ihk_os_map_phys(ihk_os_t os, phys_addr_t pa, size_t size)
{
	unsigned int i, n = size >> PAGE_SHIFT;
	struct page **pages;
	void *va;

	if (!size || !PAGE_ALIGNED(pa) || !PAGE_ALIGNED(size) ||
	    !ihk_os_phys_inside(os, pa, size))
		return NULL;
	pages = kmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++)
		pages[i] = pfn_to_page(PHYS_PFN(pa) + i);
	va = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	kfree(pages);
	return va;
}
EXPORT_SYMBOL_GPL(ihk_os_map_phys);

void ihk_os_unmap_phys(void *va)
{
	if (va)
		vunmap(va);
}
EXPORT_SYMBOL_GPL(ihk_os_unmap_phys);

int ihk_os_register_user_call_handlers(ihk_os_t os, struct ihk_os_user_call *uc)
{
	int ret = 0;

	mutex_lock(&ihk_mutex);
	if (!ihk_os_exists(os) || !os->ikc.running)
		ret = -ENODEV;
	else if (os->uc)
		ret = -EBUSY;
	else
		os->uc = uc;
	mutex_unlock(&ihk_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(ihk_os_register_user_call_handlers);

void ihk_os_unregister_user_call_handlers(ihk_os_t os, struct ihk_os_user_call *uc)
{
	mutex_lock(&ihk_mutex);
	if (ihk_os_exists(os) && os->uc == uc)
		os->uc = NULL;
	mutex_unlock(&ihk_mutex);
}
EXPORT_SYMBOL_GPL(ihk_os_unregister_user_call_handlers);
