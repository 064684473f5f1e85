// SPDX-License-Identifier: GPL-2.0
/* OS instances of the board: creation, image loading, state, shutdown. */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <asm/smp.h>
#include <ihk/ihk_host_driver.h>
#include "smp.h"

struct smp_os *smp_oses[IHK_BOARD_MAX_OS];

phys_addr_t smp_os_boot_param(struct smp_os *os)
{
	return smp_os_kmsg(os) - IHK_BOOT_PARAM_AREA;
}

/* The master IKC channel's queues, just below the boot parameters. */
phys_addr_t smp_os_mikc(struct smp_os *os)
{
	return smp_os_boot_param(os) - IHK_MIKC_AREA;
}

/* The same values the boot parameters gave the LWK. */
void smp_os_ikc_info(void *data, struct ihk_os_ikc_info *info)
{
	struct smp_os *os = data;
	int cpu, n = 0;

	memset(info, 0, sizeof(*info));
	info->mem_start = os->mem->start;
	info->mem_end = os->mem->start + os->mem->size;
	info->mikc_send = smp_os_mikc(os) + SMP_MIKC_SEND;
	info->mikc_recv = smp_os_mikc(os) + SMP_MIKC_RECV;
	for_each_cpu(cpu, &os->cpus)
		if (n < IHK_MAX_CPU_IDS)
			info->cpu_hw_ids[n++] = cpu_physical_id(cpu);
	info->nr_cpus = n;
}

void smp_os_doorbell(void *data, int apicid)
{
	struct smp_os *os = data;

	smp_board_doorbell(os->index, apicid);
}

void *smp_create_os(int index)
{
	struct smp_os *os;
	int ret;

	if (index >= IHK_BOARD_MAX_OS)
		return ERR_PTR(-ENOSPC);
	os = kzalloc(sizeof(*os), GFP_KERNEL);
	if (!os)
		return ERR_PTR(-ENOMEM);
	ret = smp_board_cmd(IHK_CMD_CREATE_OS, index, 0, 0);
	if (ret) {
		kfree(os);
		return ERR_PTR(ret);
	}
	os->index = index;
	smp_oses[index] = os;
	return os;
}

static bool smp_os_alive(int status)
{
	return status == IHK_OS_STATUS_BOOTING || status == IHK_OS_STATUS_RUNNING ||
	       status == IHK_OS_STATUS_PANIC || status == IHK_OS_STATUS_HUNGUP;
}

int smp_os_shutdown(void *data)
{
	struct smp_os *os = data;
	int ret;

	if (!smp_os_alive(smp_board_status(os->index)))
		return -EINVAL;
	ret = smp_board_cmd(IHK_CMD_SHUTDOWN, os->index, 0, 0);
	if (!ret)
		pr_info("IHK: OS %d shut down.\n", os->index);
	return ret;
}

/* Destroying a live OS shuts it down first; its resources go back to the pool. */
void smp_destroy_os(void *data)
{
	struct smp_os *os = data;

	if (smp_os_alive(smp_board_status(os->index)))
		smp_os_shutdown(os);
	smp_os_put_mem(os);
	cpumask_clear(&os->cpus);
	smp_board_cmd(IHK_CMD_DESTROY_OS, os->index, 0, 0);
	smp_oses[os->index] = NULL;
	kfree(os);
}

int smp_os_status(void *data)
{
	struct smp_os *os = data;

	return smp_board_status(os->index);
}

long smp_os_query_free_mem(void *data)
{
	struct smp_os *os = data;
	struct ihk_boot_param bp;

	if (smp_board_status(os->index) != IHK_OS_STATUS_RUNNING)
		return -EINVAL;
	smp_phys_read(smp_os_boot_param(os), &bp, sizeof(bp));
	return bp.free_pages;
}

/* Copies the file into the start of the OS memory, through a bounce page. */
static int smp_read_image(struct smp_os *os, struct file *file, loff_t size)
{
	char *page = (char *)__get_free_page(GFP_KERNEL);
	loff_t pos = 0;
	ssize_t n;

	if (!page)
		return -ENOMEM;
	while (pos < size) {
		n = kernel_read(file, page, min_t(loff_t, PAGE_SIZE, size - pos), &pos);
		if (n <= 0)
			break;
		smp_phys_write(os->mem->start + pos - n, page, n);
	}
	free_page((unsigned long)page);
	return pos == size ? 0 : -EIO;
}

int smp_os_load(void *data, const char *path)
{
	struct smp_os *os = data;
	struct file *file;
	loff_t size, room;
	int ret;

	if (os->booted)
		return -EBUSY;
	if (!os->mem) {
		pr_warn("IHK-SMP: error: OS %d has no memory to load %s into\n", os->index, path);
		return -EINVAL;
	}
	file = filp_open(path, O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	size = i_size_read(file_inode(file));
	room = os->mem->size - IHK_KMSG_SIZE - IHK_BOOT_PARAM_AREA - IHK_MIKC_AREA;
	ret = size <= 0 || size > room ? -EFBIG : smp_read_image(os, file, size);
	filp_close(file, NULL);
	if (ret) {
		pr_warn("IHK-SMP: error: OS %d: loading %s failed (%d)\n", os->index, path, ret);
		return ret;
	}
	os->image_size = size;
	pr_info("IHK-SMP: OS %d: %s loaded at 0x%llx (%lld bytes)\n",
		os->index, path, (u64)os->mem->start, size);
	return 0;
}
