// SPDX-License-Identifier: GPL-2.0
/*
 * mcctrl's IKC channels. Every LWK CPU connects to port 501 (its system
 * calls) and the BSP to port 502 (processes). On each channel the LWK then
 * sends INIT_CHANNEL with its mcctrl area (a doorbell page and a post area),
 * which mcctrl maps and acknowledges. The lines logged are McKernel 1.0's.
 */
#include <linux/module.h>
#include "mcctrl.h"

bool mcctrl_phys_inside(phys_addr_t pa, size_t size)
{
	return pa >= mcctrl.mem_start && pa < mcctrl.mem_end &&
	       size <= mcctrl.mem_end - pa;
}

/* 501 channels are indexed by LWK CPU, the 502 channel comes after them. */
static int mcctrl_channel_index(struct ihk_ikc_channel_info *info)
{
	if (info->port == MCCTRL_PORT_CONTROL)
		return mcctrl.nr_cpus;
	return ihk_os_cpu_index(mcctrl.os, ihk_ikc_channel_lwk_cpu(info->channel));
}

static void mcctrl_init_channel(struct mcctrl_channel *ch,
				struct ihk_ikc_channel_desc *c,
				struct ikc_scd_packet *p)
{
	struct ikc_scd_packet ack = { .msg = SCD_MSG_INIT_CHANNEL_ACKED, .ref = p->ref };
	phys_addr_t pa = p->arg;
	void *area, *old;

	if (p->ref >= mcctrl.nr_cpus || p->arg != pa ||
	    !mcctrl_phys_inside(pa, MCCTRL_AREA_SIZE) ||
	    !(area = ihk_os_map_phys(mcctrl.os, pa, MCCTRL_AREA_SIZE))) {
		pr_warn("mcctrl: bad INIT_CHANNEL on port %d (cpu %u, area 0x%llx)\n",
			ch->port, p->ref, p->arg);
		return;
	}
	pr_info("IKC init: cpu=%u port=%d\n", p->ref, ch->port);
	pr_info("Request: %lx, Response: %lx, Doorbell: %lx\n",
		(unsigned long)ihk_ikc_channel_lwk_to_linux(c),
		(unsigned long)ihk_ikc_channel_linux_to_lwk(c),
		(unsigned long)(pa + MCCTRL_AREA_DOORBELL));
	pr_info("Request: %px, Response: %px, Doorbell: %px\n",
		ihk_ikc_channel_lwk_to_linux_va(c), ihk_ikc_channel_linux_to_lwk_va(c),
		area + MCCTRL_AREA_DOORBELL);
	mutex_lock(&mcctrl.chan_lock);
	old = ch->area;
	ch->area = area;
	ch->area_pa = pa;
	mutex_unlock(&mcctrl.chan_lock);
	ihk_os_unmap_phys(old);
	ihk_ikc_send(c, &ack);
}

static int mcctrl_packet(struct ihk_ikc_channel_desc *c, void *data, void *priv)
{
	struct mcctrl_channel *ch = priv;
	struct ikc_scd_packet *p = data;
	bool control = ch->port == MCCTRL_PORT_CONTROL;

	switch (p->msg) {
	case SCD_MSG_INIT_CHANNEL:
		mcctrl_init_channel(ch, c, p);
		return 0;
	case SCD_MSG_SYSCALL_ONESIDE:
		mcctrl_syscall_packet(ch->index, p);
		return 0;
	case SCD_MSG_PREPARE_PROCESS_ACKED:
	case SCD_MSG_PREPARE_PROCESS_NACKED:
		if (control) {
			mcctrl_prepare_answered(p);
			return 0;
		}
		break;
	}
	pr_warn_ratelimited("mcctrl: unexpected message 0x%x on port %d\n", p->msg, ch->port);
	return 0;
}

static void mcctrl_close(struct ihk_ikc_channel_desc *c, void *priv)
{
	struct mcctrl_channel *ch = priv;
	void *area;

	mutex_lock(&mcctrl.chan_lock);
	area = ch->area;
	ch->area = NULL;
	ch->c = NULL;
	mutex_unlock(&mcctrl.chan_lock);
	ihk_os_unmap_phys(area);
}

static int mcctrl_connect(struct ihk_ikc_channel_info *info, void *priv)
{
	int index = mcctrl_channel_index(info);
	struct mcctrl_channel *ch;
	int ret = 0;

	if (index < 0 || index > mcctrl.nr_cpus)
		return -EINVAL;
	ch = &mcctrl.channels[index];
	mutex_lock(&mcctrl.chan_lock);
	if (ch->c) {
		ret = -EBUSY;
	} else {
		ch->c = info->channel;
		ch->port = info->port;
		ch->index = index;
	}
	mutex_unlock(&mcctrl.chan_lock);
	if (ret)
		return ret;
	info->packet_handler = mcctrl_packet;
	info->close_handler = mcctrl_close;
	info->priv = ch;
	pr_info("syscall: MC CPU %d connected. c=%px\n", index, info->channel);
	return 0;
}

static struct ihk_ikc_listen_param mcctrl_listen_syscall = {
	.port = MCCTRL_PORT_SYSCALL,
	.handler = mcctrl_connect,
};

static struct ihk_ikc_listen_param mcctrl_listen_control = {
	.port = MCCTRL_PORT_CONTROL,
	.handler = mcctrl_connect,
};

int mcctrl_ikc_listen(ihk_os_t os)
{
	int ret = ihk_ikc_listen_port(os, &mcctrl_listen_syscall);

	if (ret)
		return ret;
	ret = ihk_ikc_listen_port(os, &mcctrl_listen_control);
	if (ret)
		ihk_ikc_unlisten_port(os, MCCTRL_PORT_SYSCALL);
	return ret;
}

/* The LWK hears DISCONNECT for each channel and reconnects if mcctrl returns. */
void mcctrl_ikc_unlisten(ihk_os_t os)
{
	ihk_ikc_unlisten_port(os, MCCTRL_PORT_CONTROL);
	ihk_ikc_unlisten_port(os, MCCTRL_PORT_SYSCALL);
}

/* Sends on channel @index (a 501 channel's LWK CPU, or nr_cpus for 502). */
int mcctrl_send(int index, struct ikc_scd_packet *packet)
{
	int ret = -ENOTCONN;

	if (index < 0 || index > mcctrl.nr_cpus)
		return -EINVAL;
	mutex_lock(&mcctrl.chan_lock);
	if (mcctrl.channels[index].c)
		ret = ihk_ikc_send(mcctrl.channels[index].c, packet);
	mutex_unlock(&mcctrl.chan_lock);
	return ret;
}

/* Called with chan_lock held: the 502 channel's post area, or NULL. */
void *mcctrl_post_area(phys_addr_t *pa)
{
	struct mcctrl_channel *ch = &mcctrl.channels[mcctrl.nr_cpus];

	if (!ch->c || !ch->area)
		return NULL;
	*pa = ch->area_pa + MCCTRL_AREA_POST;
	return ch->area + MCCTRL_AREA_POST;
}
