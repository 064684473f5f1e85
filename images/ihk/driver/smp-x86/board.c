// SPDX-License-Identifier: GPL-2.0
/*
 * The IHK board: the "hardware" that starts LWK cores. Commands go through
 * argument registers and a command register, the outcome comes back in
 * RESULT; the board raises its IRQ when an OS instance changes state.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/jiffies.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <ihk/ihk_host_driver.h>
#include "smp.h"

/* Real IHK polls 150 x 100 ms for the LWK to become ready. */
#define SMP_BOOT_POLL_MS	100
#define SMP_BOOT_POLLS		150

static DEFINE_SPINLOCK(smp_board_lock);
static DECLARE_WAIT_QUEUE_HEAD(smp_status_wait);

static u32 smp_board_read(u32 reg)
{
	return inl(IHK_BOARD_PORT + reg);
}

static void smp_board_write(u32 reg, u32 value)
{
	outl(value, IHK_BOARD_PORT + reg);
}

/* Returns 0 or the board's -errno; the argument registers are shared. */
int smp_board_cmd(u32 cmd, u32 arg0, u32 arg1, u32 arg2)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&smp_board_lock, flags);
	smp_board_write(IHK_REG_ARG0, arg0);
	smp_board_write(IHK_REG_ARG1, arg1);
	smp_board_write(IHK_REG_ARG2, arg2);
	smp_board_write(IHK_REG_COMMAND, cmd);
	ret = (s32)smp_board_read(IHK_REG_RESULT);
	spin_unlock_irqrestore(&smp_board_lock, flags);
	return ret;
}

u32 smp_board_lwk_cpus(void)
{
	return smp_board_read(IHK_REG_CPUS_LWK);
}

/* A single register write: safe beside commands, from any context. */
void smp_board_doorbell(int index, int apicid)
{
	smp_board_write(IHK_REG_DOORBELL, index << IHK_DOORBELL_OS_SHIFT | apicid);
}

int smp_board_status(int index)
{
	return smp_board_cmd(IHK_CMD_OS_STATUS, index, 0, 0);
}

/* Waits while OS @index is booting; returns its state after, or -EINTR. */
int smp_board_wait_boot(int index)
{
	int polls;
	long left;

	for (polls = 0; polls < SMP_BOOT_POLLS; polls++) {
		left = wait_event_interruptible_timeout(smp_status_wait,
				smp_board_status(index) != IHK_OS_STATUS_BOOTING,
				msecs_to_jiffies(SMP_BOOT_POLL_MS));
		if (left < 0)
			return -EINTR;
		if (left > 0)
			break;
	}
	return smp_board_status(index);
}

static irqreturn_t smp_board_irq(int irq, void *data)
{
	u32 pending = smp_board_read(IHK_REG_IRQ_STATUS);

	if (!pending)
		return IRQ_NONE;
	/* Acknowledging drops the (level-triggered) line. */
	smp_board_write(IHK_REG_IRQ_STATUS, pending);
	if (pending & IHK_IRQ_OS_STATE)
		wake_up_all(&smp_status_wait);
	if (pending & IHK_IRQ_IKC)
		ihk_ikc_interrupt();
	return IRQ_HANDLED;
}

int smp_board_probe(void)
{
	u32 id;
	int ret;

	if (!request_region(IHK_BOARD_PORT, IHK_BOARD_PORT_SPAN, "IHK-SMP"))
		return -EBUSY;
	id = smp_board_read(IHK_REG_ID);
	if (id != IHK_BOARD_MAGIC) {
		pr_err("IHK-SMP: no IHK board at port 0x%x (id 0x%x)\n",
		       IHK_BOARD_PORT, id);
		ret = -ENODEV;
		goto err;
	}
	ret = request_irq(IHK_BOARD_IRQ, smp_board_irq, 0, "IHK-SMP",
			  &smp_status_wait);
	if (ret)
		goto err;
	pr_info("IHK-SMP: board version %u at port 0x%x, IRQ %d, LWK CPUs 0x%x\n",
		smp_board_read(IHK_REG_VERSION), IHK_BOARD_PORT, IHK_BOARD_IRQ,
		smp_board_lwk_cpus());
	return 0;
err:
	release_region(IHK_BOARD_PORT, IHK_BOARD_PORT_SPAN);
	return ret;
}

void smp_board_remove(void)
{
	free_irq(IHK_BOARD_IRQ, &smp_status_wait);
	release_region(IHK_BOARD_PORT, IHK_BOARD_PORT_SPAN);
}
