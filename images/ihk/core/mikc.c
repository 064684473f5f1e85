// SPDX-License-Identifier: GPL-2.0
/*
 * IHK core: the master IKC channel (channel 0), through which the LWK opens
 * every other channel. Its two queues are in the MIKC area the driver set up
 * before boot. Linux sends INIT_ACK once the OS is READY; the LWK then sends
 * CONNECT for a port with a channel area it allocated, and Linux accepts
 * it if a module listens on that port, or refuses it (the LWK retries).
 */
#include <linux/mm.h>
#include "core.h"

union mikc_packet {
	struct ikc_master_packet msg;
	u8 raw[IHK_IKC_PACKET_SIZE];
};

int ihk_mikc_send(struct ihk_os *os, u32 msg, u32 ref, u64 p0, u64 p1)
{
	union mikc_packet p = { .msg = { .msg = msg, .ref = ref, .param = { p0, p1 } } };

	if (!os->ikc.master)
		return -ENOTCONN;
	return ihk_ikc_send(os->ikc.master, &p);
}

/* The open channel the LWK calls @remote_id, or NULL. */
static struct ihk_ikc_channel_desc *mikc_channel(struct ihk_os *os, u32 remote_id)
{
	struct ihk_ikc_channel_desc *c;

	list_for_each_entry(c, &os->ikc.channels, list)
		if (!c->closed && c->remote_id == remote_id)
			return c;
	return NULL;
}

/* The LWK's word is checked: port, area inside its memory, one of its CPUs. */
static int mikc_check_connect(struct ihk_os *os, const struct ikc_master_packet *p)
{
	u64 port = p->param[0], area = p->param[1], cpu = p->param[2];

	if (p->ref == 0 || port == 0 || port >= IHK_IKC_MAX_PORT)
		return -EINVAL;
	if (area != (phys_addr_t)area || !PAGE_ALIGNED(area) ||
	    !ihk_os_phys_inside(os, area, IKC_CHANNEL_AREA_SIZE))
		return -EINVAL;
	if (cpu > INT_MAX || ihk_os_cpu_index(os, cpu) < 0)
		return -EINVAL;
	if (mikc_channel(os, p->ref))
		return -EISCONN;
	return 0;
}

/* Returns the new channel's id, or a negative errno for CONNECT_REPLY. */
static int mikc_accept(struct ihk_os *os, const struct ikc_master_packet *p,
		       struct ihk_ikc_listener *l)
{
	phys_addr_t area = p->param[1];
	struct ihk_ikc_channel_desc *c;
	int ret;

	pr_info("Connect msg: %llx, %llx, %llx, %llx\n",
		(u64)p->ref << 32 | p->msg, p->param[0], p->param[1], p->param[2]);
	c = ihk_ikc_channel_create(os, area + IKC_CHANNEL_AREA_LWK_TO_LINUX,
				   area + IKC_CHANNEL_AREA_LINUX_TO_LWK, p->param[2]);
	if (!c)
		return -EINVAL;
	c->remote_id = p->ref;
	c->id = ++os->ikc.next_id;
	c->info.channel = c;
	c->info.port = p->param[0];
	ret = l->param.handler(&c->info, l->param.priv);
	if (ret) {
		ihk_ikc_channel_free(c);
		return ret;
	}
	list_add_tail(&c->list, &os->ikc.channels);
	pr_info("(Accepted) Remote channeld id = %u\n", c->remote_id);
	pr_info("os(%px)->mchannel = %px\n", os, os->ikc.master);
	return c->id;
}

static void mikc_connect(struct ihk_os *os, const struct ikc_master_packet *p)
{
	struct ihk_ikc_listener *l;
	int ret = mikc_check_connect(os, p);

	if (ret) {
		pr_warn_ratelimited("IHK: OS %d: bad CONNECT (channel %u, port %llu, area 0x%llx, CPU %llu)\n",
				    os->index, p->ref, p->param[0], p->param[1], p->param[2]);
	} else {
		/* Nobody listening yet is normal: the LWK tries again later. */
		l = ihk_ikc_listener(os, p->param[0]);
		ret = l ? mikc_accept(os, p, l) : -ECONNREFUSED;
	}
	if (ret < 0)
		ihk_mikc_send(os, IKC_MASTER_MSG_CONNECT_REPLY, p->ref, -ret, 0);
	else
		ihk_mikc_send(os, IKC_MASTER_MSG_CONNECT_REPLY, p->ref, 0, ret);
}

static void mikc_disconnect(struct ihk_os *os, u32 remote_id)
{
	struct ihk_ikc_channel_desc *c = mikc_channel(os, remote_id);

	if (c)
		ihk_ikc_channel_close(c);
}

/* Called with the IKC lock held, from the drain. */
void ihk_mikc_handle(struct ihk_os *os, const struct ikc_master_packet *p)
{
	switch (p->msg) {
	case IKC_MASTER_MSG_CONNECT:
		mikc_connect(os, p);
		break;
	case IKC_MASTER_MSG_DISCONNECT:
		mikc_disconnect(os, p->ref);
		break;
	default:
		pr_warn_ratelimited("IHK: OS %d: unknown master channel message 0x%x\n",
				    os->index, p->msg);
	}
}
