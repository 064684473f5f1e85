// SPDX-License-Identifier: GPL-2.0
/*
 * Booting an OS instance: fill its boot parameters, set up the master IKC
 * channel's queues, ask the board to start the image on the assigned cores
 * (it stands in for INIT/SIPI), and wait, as IHK does, for the LWK to
 * report that it is ready.
 */
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <asm/tsc.h>
#include "smp.h"

static void smp_fill_boot_param(struct smp_os *os, const char *kargs,
				struct ihk_boot_param *bp)
{
	struct timespec64 now;
	int cpu, n = 0;

	memset(bp, 0, sizeof(*bp));
	bp->start = os->mem->start;
	bp->end = os->mem->start + os->mem->size;
	bp->msg_buffer = smp_os_kmsg(os);
	bp->image_size = os->image_size;
	/* McKernel's unit: nanoseconds per 1000 TSC ticks. */
	bp->ns_per_tsc = tsc_khz ? 1000000000U / tsc_khz : 0;
	ktime_get_real_ts64(&now);
	bp->boot_sec = now.tv_sec;
	bp->boot_nsec = now.tv_nsec;
	bp->ikc_irq = IHK_BOARD_IRQ;
	bp->ikc_irq_apicid = cpu_physical_id(0);
	for_each_cpu(cpu, &os->cpus)
		if (n < IHK_MAX_CPU_IDS)
			bp->cpu_hw_ids[n++] = cpu_physical_id(cpu);
	bp->nr_cpus = n;
	strscpy(bp->kernel_args, kargs, sizeof(bp->kernel_args));
}

static void smp_mikc_queue_init(phys_addr_t at, u32 writer, u32 reader)
{
	struct ihk_ikc_queue_head head = {
		.magic = IHK_IKC_QUEUE_MAGIC,
		.pktsize = IHK_IKC_PACKET_SIZE,
		.pktcount = IHK_IKC_QUEUE_PACKETS,
		.write_cpu = writer,
		.read_cpu = reader,
	};

	smp_phys_write(at, &head, sizeof(head));
}

/* Both master queues empty, between the BSP and the Linux CPU taking the IRQ. */
static void smp_mikc_init(struct smp_os *os, struct ihk_boot_param *bp)
{
	phys_addr_t mikc = smp_os_mikc(os);

	bp->mikc_queue_send = mikc + SMP_MIKC_SEND;
	bp->mikc_queue_recv = mikc + SMP_MIKC_RECV;
	smp_mikc_queue_init(bp->mikc_queue_send, bp->cpu_hw_ids[0], bp->ikc_irq_apicid);
	smp_mikc_queue_init(bp->mikc_queue_recv, bp->ikc_irq_apicid, bp->cpu_hw_ids[0]);
}

static int smp_check_bootable(struct smp_os *os)
{
	if (os->booted)
		return -EBUSY;
	if (cpumask_empty(&os->cpus) || !os->mem || !os->image_size) {
		pr_warn("IHK: OS %d: assign CPUs and memory and load an image before booting\n",
		       os->index);
		return -EINVAL;
	}
	return 0;
}

int smp_os_boot(void *data, const char *kargs)
{
	struct smp_os *os = data;
	struct ihk_boot_param *bp;
	int ret;

	ret = smp_check_bootable(os);
	if (ret)
		return ret;
	bp = kmalloc(sizeof(*bp), GFP_KERNEL);
	if (!bp)
		return -ENOMEM;
	smp_fill_boot_param(os, kargs, bp);
	smp_mikc_init(os, bp);
	smp_phys_write(smp_os_boot_param(os), bp, sizeof(*bp));
	kfree(bp);
	ret = smp_board_cmd(IHK_CMD_BOOT, os->index, smp_os_boot_param(os), 0);
	if (ret) {
		pr_warn("IHK-SMP: OS %d: the board refused to start its image (%d)\n",
		       os->index, ret);
		return ret;
	}
	os->booted = true;
	ret = smp_board_wait_boot(os->index);
	if (ret == IHK_OS_STATUS_RUNNING) {
		pr_info("IHK: OS %d booted.\n", os->index);
		return 0;
	}
	pr_warn("IHK: OS does not become ready.\n");
	return ret < 0 ? ret : -EIO;
}
