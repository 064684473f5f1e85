// SPDX-License-Identifier: GPL-2.0
/*
 * The LWK's kernel log: a struct ihk_kmsg_buf at the top of its memory,
 * written by the LWK and read here. Its header is written by the LWK side
 * too, so it is checked before being trusted.
 */
#include <linux/string.h>
#include "smp.h"

#define SMP_KMSG_LEN	(IHK_KMSG_SIZE - sizeof(struct ihk_kmsg_buf))

phys_addr_t smp_os_kmsg(struct smp_os *os)
{
	return os->mem->start + os->mem->size - IHK_KMSG_SIZE;
}

static void smp_kmsg_reset(struct smp_os *os)
{
	struct ihk_kmsg_buf head = { .tail = 0, .len = SMP_KMSG_LEN };

	smp_phys_write(smp_os_kmsg(os), &head, sizeof(struct ihk_kmsg_buf));
}

void smp_kmsg_init(struct smp_os *os)
{
	smp_kmsg_reset(os);
}

/* Returns the log, oldest byte first. */
ssize_t smp_os_read_kmsg(void *data, char *buf, size_t size)
{
	struct smp_os *os = data;
	phys_addr_t str;
	struct ihk_kmsg_buf head;
	size_t first;

	if (!os->mem)
		return -EINVAL;
	smp_phys_read(smp_os_kmsg(os), &head, sizeof(struct ihk_kmsg_buf));
	if (head.len != SMP_KMSG_LEN || head.tail > head.len || size < head.len) {
		pr_warn("IHK-SMP: OS %d: kmsg buffer is corrupt (tail %u, len %u)\n",
		       os->index, head.tail, head.len);
		return -EIO;
	}
	str = smp_os_kmsg(os) + sizeof(struct ihk_kmsg_buf);
	if (!head.wrapped) {
		smp_phys_read(str, buf, head.tail);
		return head.tail;
	}
	first = head.len - head.tail;
	smp_phys_read(str + head.tail, buf, first);
	smp_phys_read(str, buf + first, head.tail);
	return head.len;
}

int smp_os_clear_kmsg(void *data)
{
	struct smp_os *os = data;

	if (!os->mem)
		return -EINVAL;
	smp_kmsg_reset(os);
	return 0;
}
