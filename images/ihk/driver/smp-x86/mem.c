// SPDX-License-Identifier: GPL-2.0
/*
 * Memory for the LWK, taken from Linux's page allocator as IHK does: grab
 * 4 MiB buddy blocks until some of them form one contiguous region of the
 * wanted size, keep that region and give every other block back.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "smp.h"

/* Linux keeps at least this much for itself. */
#define SMP_LINUX_KEEPS	(64UL << 20)

struct smp_mem_spec {
	u64 size;
	int numa;
};

static LIST_HEAD(smp_regions);

/* "SIZE[@NUMA]", SIZE with memparse's K/M/G suffixes; NUMA defaults to 0. */
static int smp_parse_mem(const char *text, struct smp_mem_spec *spec)
{
	char *end;

	spec->size = memparse(text, &end);
	if (end == text || spec->size == 0)
		return -EINVAL;
	spec->numa = 0;
	if (*end == '@') {
		if (end[1] && kstrtoint(end + 1, 10, &spec->numa))
			return -EINVAL;
	} else if (*end) {
		return -EINVAL;
	}
	if (spec->numa < 0 || spec->numa >= MAX_NUMNODES || !node_online(spec->numa)) {
		pr_warn("IHK-SMP: error: NUMA node %d has no memory\n", spec->numa);
		return -EINVAL;
	}
	if (spec->size > (u64)totalram_pages() << PAGE_SHIFT) {
		pr_warn("IHK-SMP: error: %llu bytes is more than the node has\n", spec->size);
		return -ENOMEM;
	}
	spec->size = ALIGN(spec->size, SMP_CHUNK_SIZE);
	return 0;
}

/* A kept region's pages were split: each one goes back on its own. */
static void smp_free_chunks(phys_addr_t start, size_t size)
{
	unsigned long pfn;

	for (pfn = PHYS_PFN(start); pfn < PHYS_PFN(start + size); pfn++)
		__free_page(pfn_to_page(pfn));
}

static int smp_cmp_page(const void *a, const void *b)
{
	unsigned long pa = page_to_pfn(*(struct page * const *)a);
	unsigned long pb = page_to_pfn(*(struct page * const *)b);

	return pa < pb ? -1 : pa > pb;
}

/* Index of the first of @want adjacent chunks in the sorted @chunks, or -1. */
static int smp_find_run(struct page **chunks, int n, int want)
{
	int i, run = 1;

	if (want == 1 && n > 0)
		return 0;
	for (i = 1; i < n; i++) {
		if (page_to_pfn(chunks[i]) == page_to_pfn(chunks[i - 1]) + (1 << SMP_CHUNK_ORDER))
			run++;
		else
			run = 1;
		if (run == want)
			return i - want + 1;
	}
	return -1;
}

static struct smp_mem_region *smp_add_region(phys_addr_t start, size_t size)
{
	struct smp_mem_region *region = kzalloc(sizeof(*region), GFP_KERNEL);

	if (!region)
		return NULL;
	region->start = start;
	region->size = size;
	list_add_tail(&region->list, &smp_regions);
	return region;
}

/* Takes the chunks [first, first + want) as a region and frees the rest. */
static int smp_keep_run(struct page **chunks, int n, int first, int want, int numa)
{
	phys_addr_t start = page_to_phys(chunks[first]);
	size_t size = (size_t)want * SMP_CHUNK_SIZE;
	int i, ret;

	for (i = 0; i < n; i++)
		if (i < first || i >= first + want)
			__free_pages(chunks[i], SMP_CHUNK_ORDER);
	/*
	 * Every page of the region its own reference, as if allocated alone:
	 * mcctrl maps single LWK pages into mcexec, and Linux (get_user_pages,
	 * e.g. 9p's zero-copy I/O) must be able to take and drop references.
	 */
	for (i = first; i < first + want; i++)
		split_page(chunks[i], SMP_CHUNK_ORDER);
	ret = smp_board_cmd(IHK_CMD_RESERVE_MEM, start, size, 0);
	if (!ret && !smp_add_region(start, size)) {
		smp_board_cmd(IHK_CMD_RELEASE_MEM, start, size, 0);
		ret = -ENOMEM;
	}
	if (ret) {
		smp_free_chunks(start, size);
		return ret;
	}
	pr_info("IHK-SMP: chunk 0x%llx - 0x%llx (len: %zu) @ NUMA node: %d is available\n",
		(u64)start, (u64)start + size, size, numa);
	return 0;
}

static int smp_reserve_region(const struct smp_mem_spec *spec)
{
	int want = spec->size / SMP_CHUNK_SIZE;
	long avail = si_mem_available() - (SMP_LINUX_KEEPS >> PAGE_SHIFT);
	int max = avail > 0 ? avail >> SMP_CHUNK_ORDER : 0;
	struct page **chunks, *page;
	int i, n = 0, first = -1;

	if (want > max) {
		pr_warn("IHK-SMP: error: not enough free memory for %llu bytes\n", spec->size);
		return -ENOMEM;
	}
	chunks = kvmalloc_array(max, sizeof(*chunks), GFP_KERNEL);
	if (!chunks)
		return -ENOMEM;
	while (first < 0 && n < max) {
		page = alloc_pages_node(spec->numa, GFP_HIGHUSER | __GFP_NOWARN |
					__GFP_NORETRY, SMP_CHUNK_ORDER);
		if (!page)
			break;
		chunks[n++] = page;
		sort(chunks, n, sizeof(*chunks), smp_cmp_page, NULL);
		first = smp_find_run(chunks, n, want);
	}
	if (first < 0) {
		for (i = 0; i < n; i++)
			__free_pages(chunks[i], SMP_CHUNK_ORDER);
		kvfree(chunks);
		pr_warn("IHK-SMP: error: no contiguous %llu bytes on NUMA node %d\n",
		       spec->size, spec->numa);
		return -ENOMEM;
	}
	i = smp_keep_run(chunks, n, first, want, spec->numa);
	kvfree(chunks);
	return i;
}

static void smp_free_region(struct smp_mem_region *region)
{
	smp_board_cmd(IHK_CMD_RELEASE_MEM, region->start, region->size, 0);
	smp_free_chunks(region->start, region->size);
	pr_info("IHK-SMP: 0x%llx - 0x%llx (len: %zu) given back to Linux\n",
		(u64)region->start, (u64)region->start + region->size, region->size);
	list_del(&region->list);
	kfree(region);
}

int smp_reserve_mem(const char *text)
{
	char *copy = kstrdup(text, GFP_KERNEL), *rest = copy, *one;
	struct smp_mem_spec spec;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	while (!ret && (one = strsep(&rest, ",")) != NULL) {
		ret = smp_parse_mem(one, &spec);
		if (!ret)
			ret = smp_reserve_region(&spec);
	}
	kfree(copy);
	return ret;
}

static struct smp_mem_region *smp_find_free(u64 size, bool exact)
{
	struct smp_mem_region *region;

	list_for_each_entry(region, &smp_regions, list)
		if (!region->os && (region->size == size || (!exact && region->size > size)))
			return region;
	return NULL;
}

static void smp_release_free_regions(void)
{
	struct smp_mem_region *region, *next;

	list_for_each_entry_safe(region, next, &smp_regions, list)
		if (!region->os)
			smp_free_region(region);
}

int smp_release_mem(const char *text)
{
	struct smp_mem_spec spec;
	struct smp_mem_region *region;
	int ret;

	if (!strcmp(text, "all")) {
		smp_release_free_regions();
		return 0;
	}
	ret = smp_parse_mem(text, &spec);
	if (ret)
		return ret;
	region = smp_find_free(spec.size, true);
	if (!region) {
		pr_warn("IHK-SMP: error: no free reserved region of %llu bytes\n", spec.size);
		return -EINVAL;
	}
	smp_free_region(region);
	return 0;
}

int smp_query_mem(char *buf, size_t size)
{
	struct smp_mem_region *region;
	u64 total = 0;

	list_for_each_entry(region, &smp_regions, list)
		if (!region->os)
			total += region->size;
	if (total)
		scnprintf(buf, size, "%llu@0", total);
	return 0;
}

/* Cuts @region at @size bytes; the tail stays in the pool. */
static int smp_split_region(struct smp_mem_region *region, size_t size)
{
	struct smp_mem_region *tail;

	if (region->size == size)
		return 0;
	tail = smp_add_region(region->start + size, region->size - size);
	if (!tail)
		return -ENOMEM;
	region->size = size;
	return 0;
}

int smp_os_assign_mem(void *data, const char *text)
{
	struct smp_os *os = data;
	struct smp_mem_spec spec;
	struct smp_mem_region *region;
	int ret;

	if (os->booted)
		return -EBUSY;
	ret = smp_parse_mem(text, &spec);
	if (ret)
		return ret;
	if (os->mem) {
		pr_warn("IHK-SMP: error: OS %d has its memory already\n", os->index);
		return -EBUSY;
	}
	region = smp_find_free(spec.size, true) ? : smp_find_free(spec.size, false);
	if (!region) {
		pr_warn("IHK-SMP: error: no reserved memory of %llu bytes is free\n", spec.size);
		return -ENOMEM;
	}
	ret = smp_split_region(region, spec.size);
	if (!ret)
		ret = smp_board_cmd(IHK_CMD_ASSIGN_MEM, os->index, region->start, region->size);
	if (ret)
		return ret;
	region->os = os;
	os->mem = region;
	smp_kmsg_init(os);
	pr_info("IHK-SMP: 0x%llx - 0x%llx (len: %zu) assigned to OS %d\n",
		(u64)region->start, (u64)region->start + region->size, region->size, os->index);
	return 0;
}

/* Puts a region back in the pool, joined with free neighbours. */
static void smp_pool_region(struct smp_mem_region *region)
{
	struct smp_mem_region *other, *next;

	region->os = NULL;
	list_for_each_entry_safe(other, next, &smp_regions, list) {
		if (other == region || other->os)
			continue;
		if (other->start + other->size == region->start)
			region->start = other->start;
		else if (region->start + region->size != other->start)
			continue;
		region->size += other->size;
		list_del(&other->list);
		kfree(other);
	}
}

/* Gives an OS's memory back to the pool (destroy). */
void smp_os_put_mem(struct smp_os *os)
{
	if (!os->mem)
		return;
	smp_board_cmd(IHK_CMD_RELEASE_OS_MEM, os->index, os->mem->start, os->mem->size);
	smp_pool_region(os->mem);
	os->mem = NULL;
	os->image_size = 0;
}

int smp_os_release_mem(void *data, const char *text)
{
	struct smp_os *os = data;
	struct smp_mem_spec spec;
	int ret;

	if (os->booted)
		return -EBUSY;
	ret = smp_parse_mem(text, &spec);
	if (ret)
		return ret;
	if (!os->mem || os->mem->size != spec.size) {
		pr_warn("IHK-SMP: error: OS %d has no memory of %llu bytes\n", os->index, spec.size);
		return -EINVAL;
	}
	smp_os_put_mem(os);
	return 0;
}

int smp_os_query_mem(void *data, char *buf, size_t size)
{
	struct smp_os *os = data;

	if (os->mem)
		scnprintf(buf, size, "%zu@0", os->mem->size);
	return 0;
}

/* Module exit: no OS exists any more, every region is in the pool. */
void smp_release_all_mem(void)
{
	smp_release_free_regions();
}
