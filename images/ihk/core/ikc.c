// SPDX-License-Identifier: GPL-2.0
/*
 * IHK core: IKC channels with booted OS instances. A channel is two one-way
 * queues of fixed-size packets in the LWK's memory (<ihk/ikc.h>). Linux
 * writes a packet and rings the doorbell of the LWK CPU that reads the
 * queue; the LWK writes and raises the board's IKC interrupt, after which a
 * work item reads every queue of the OS and hands each packet to its
 * channel's handler (the master channel's are handled in mikc.c).
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "core.h"

/* Packets taken from one queue per round, so that a chatty LWK cannot keep
 * the work item busy forever: the rest waits for the next round. */
#define IKC_DRAIN_BUDGET	IHK_IKC_QUEUE_PACKETS
/* How long a sender waits for room in a full queue: up to 100 x 1 ms. */
#define IKC_SEND_TRIES		100

/* The OS instances whose queues the IKC interrupt makes us read. */
static DEFINE_SPINLOCK(ikc_active_lock);
static struct ihk_os *ikc_active[IHK_MAX_OS];

/* The LWK may write anything into a head at any time: read it once, check it. */
static bool ikc_queue_offsets(struct ihk_ikc_queue_head *q, u32 *r, u32 *w)
{
	*r = READ_ONCE(q->read_off);
	*w = READ_ONCE(q->write_off);
	return READ_ONCE(q->magic) == IHK_IKC_QUEUE_MAGIC &&
	       READ_ONCE(q->pktsize) == IHK_IKC_PACKET_SIZE &&
	       READ_ONCE(q->pktcount) == IHK_IKC_QUEUE_PACKETS &&
	       *r < IHK_IKC_QUEUE_PACKETS && *w < IHK_IKC_QUEUE_PACKETS;
}

static void *ikc_queue_slot(struct ihk_ikc_queue_head *q, u32 index)
{
	return (char *)(q + 1) + index * IHK_IKC_PACKET_SIZE;
}

/* 1 with a packet copied out, 0 when empty, -EIO when the head is corrupt. */
static int ikc_queue_read(struct ihk_ikc_queue_head *q, void *packet)
{
	u32 r, w;

	if (!ikc_queue_offsets(q, &r, &w))
		return -EIO;
	if (r == w)
		return 0;
	smp_rmb();	/* the packet is read after the offset that published it */
	memcpy(packet, ikc_queue_slot(q, r), IHK_IKC_PACKET_SIZE);
	smp_mb();	/* and copied before the writer may reuse its slot */
	WRITE_ONCE(q->read_off, (r + 1) % IHK_IKC_QUEUE_PACKETS);
	return 1;
}

static int ikc_queue_write(struct ihk_ikc_queue_head *q, const void *packet)
{
	u32 r, w, next;

	if (!ikc_queue_offsets(q, &r, &w))
		return -EIO;
	next = (w + 1) % IHK_IKC_QUEUE_PACKETS;
	if (next == r)
		return -EBUSY;
	memcpy(ikc_queue_slot(q, w), packet, IHK_IKC_PACKET_SIZE);
	smp_wmb();	/* the packet is in place before the offset publishes it */
	WRITE_ONCE(q->write_off, next);
	return 0;
}

struct ihk_ikc_channel_desc *ihk_ikc_channel_create(struct ihk_os *os,
		phys_addr_t rq_pa, phys_addr_t wq_pa, int lwk_cpu)
{
	struct ihk_ikc_channel_desc *c = kzalloc(sizeof(*c), GFP_KERNEL);
	u32 r, w;

	if (!c)
		return NULL;
	INIT_LIST_HEAD(&c->list);
	spin_lock_init(&c->send_lock);
	c->os = os;
	c->lwk_cpu = lwk_cpu;
	c->rq_pa = rq_pa;
	c->wq_pa = wq_pa;
	c->rq = ihk_os_map_phys(os, rq_pa, IHK_IKC_QUEUE_SIZE);
	c->wq = ihk_os_map_phys(os, wq_pa, IHK_IKC_QUEUE_SIZE);
	if (c->rq && c->wq && ikc_queue_offsets(c->rq, &r, &w) &&
	    ikc_queue_offsets(c->wq, &r, &w))
		return c;
	ihk_ikc_channel_free(c);
	return NULL;
}

/* Called with the IKC lock held; the channel stays listed until destroy. */
void ihk_ikc_channel_close(struct ihk_ikc_channel_desc *c)
{
	if (c->closed)
		return;
	spin_lock(&c->send_lock);
	c->closed = true;
	spin_unlock(&c->send_lock);
	if (c->info.close_handler)
		c->info.close_handler(c, c->info.priv);
	ihk_os_unmap_phys(c->rq);
	ihk_os_unmap_phys(c->wq);
	c->rq = NULL;
	c->wq = NULL;
}

void ihk_ikc_channel_free(struct ihk_ikc_channel_desc *c)
{
	ihk_os_unmap_phys(c->rq);
	ihk_os_unmap_phys(c->wq);
	kfree(c);
}

struct ihk_ikc_listener *ihk_ikc_listener(struct ihk_os *os, int port)
{
	struct ihk_ikc_listener *l;

	list_for_each_entry(l, &os->ikc.listeners, list)
		if (l->param.port == port)
			return l;
	return NULL;
}

/* Hands a round of the channel's packets to its handler; true if more may wait. */
static bool ikc_drain(struct ihk_os *os, struct ihk_ikc_channel_desc *c)
{
	u64 packet[IHK_IKC_PACKET_SIZE / sizeof(u64)];
	int n, ret;

	for (n = 0; n < IKC_DRAIN_BUDGET; n++) {
		if (c->closed)
			return false;
		ret = ikc_queue_read(c->rq, packet);
		if (ret == 0)
			return false;
		if (ret < 0) {
			pr_warn_ratelimited("IHK: OS %d: IKC queue at %pa is corrupt\n",
					    os->index, &c->rq_pa);
			if (c != os->ikc.master) {
				ihk_mikc_send(os, IKC_MASTER_MSG_DISCONNECT, c->remote_id, 0, 0);
				ihk_ikc_channel_close(c);
			}
			return false;
		}
		if (c == os->ikc.master)
			ihk_mikc_handle(os, (struct ikc_master_packet *)packet);
		else if (c->info.packet_handler)
			c->info.packet_handler(c, packet, c->info.priv);
	}
	return true;
}

static void ikc_work(struct work_struct *work)
{
	struct ihk_os *os = container_of(work, struct ihk_os, ikc.work);
	struct ihk_ikc_channel_desc *c;
	bool more = false;

	mutex_lock(&os->ikc.lock);
	if (os->ikc.running) {
		/* CONNECTs first: they may add channels to the list. */
		more = ikc_drain(os, os->ikc.master);
		list_for_each_entry(c, &os->ikc.channels, list)
			more |= ikc_drain(os, c);
	}
	mutex_unlock(&os->ikc.lock);
	if (more)
		queue_work(system_wq, work);
}

void ihk_ikc_interrupt(void)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&ikc_active_lock, flags);
	for (i = 0; i < IHK_MAX_OS; i++)
		if (ikc_active[i])
			queue_work(system_wq, &ikc_active[i]->ikc.work);
	spin_unlock_irqrestore(&ikc_active_lock, flags);
}
EXPORT_SYMBOL_GPL(ihk_ikc_interrupt);

static void ikc_set_active(struct ihk_os *os, struct ihk_os *value)
{
	unsigned long flags;

	spin_lock_irqsave(&ikc_active_lock, flags);
	ikc_active[os->index] = value;
	spin_unlock_irqrestore(&ikc_active_lock, flags);
}

void ihk_ikc_init(struct ihk_os *os)
{
	mutex_init(&os->ikc.lock);
	INIT_WORK(&os->ikc.work, ikc_work);
	INIT_LIST_HEAD(&os->ikc.channels);
	INIT_LIST_HEAD(&os->ikc.listeners);
}

/* The OS is READY: open the master channel the driver prepared and ack it. */
int ihk_ikc_start(struct ihk_os *os)
{
	struct ihk_ikc *ikc = &os->ikc;

	ihk_ops->os_ops->ikc_info(os->priv, &ikc->info);
	ikc->master = ihk_ikc_channel_create(os, ikc->info.mikc_send,
					     ikc->info.mikc_recv,
					     ikc->info.cpu_hw_ids[0]);
	if (!ikc->master) {
		pr_warn("IHK: OS %d: cannot map its master channel\n", os->index);
		return -ENOMEM;
	}
	pr_info("IHK: MIKC rq: %pa, wq: %pa\n", &ikc->master->rq_pa,
		&ikc->master->wq_pa);
	mutex_lock(&ikc->lock);
	ikc->running = true;
	mutex_unlock(&ikc->lock);
	ikc_set_active(os, os);
	return ihk_mikc_send(os, IKC_MASTER_MSG_INIT_ACK, 0, 0, 0);
}

/* Shutdown or destroy: no packet is handled after this, every channel is closed. */
void ihk_ikc_stop(struct ihk_os *os)
{
	struct ihk_ikc *ikc = &os->ikc;
	struct ihk_ikc_listener *l, *next;
	struct ihk_ikc_channel_desc *c;

	ikc_set_active(os, NULL);
	mutex_lock(&ikc->lock);
	ikc->running = false;
	mutex_unlock(&ikc->lock);
	cancel_work_sync(&ikc->work);
	mutex_lock(&ikc->lock);
	list_for_each_entry(c, &ikc->channels, list)
		ihk_ikc_channel_close(c);
	if (ikc->master)
		ihk_ikc_channel_close(ikc->master);
	list_for_each_entry_safe(l, next, &ikc->listeners, list) {
		list_del(&l->list);
		kfree(l);
	}
	mutex_unlock(&ikc->lock);
}

/* Destroy: nobody can hold a channel any more (no /dev/mcos file is open). */
void ihk_ikc_free(struct ihk_os *os)
{
	struct ihk_ikc_channel_desc *c, *next;

	list_for_each_entry_safe(c, next, &os->ikc.channels, list) {
		list_del(&c->list);
		ihk_ikc_channel_free(c);
	}
	if (os->ikc.master)
		ihk_ikc_channel_free(os->ikc.master);
	os->ikc.master = NULL;
}

int ihk_ikc_listen_port(ihk_os_t os, struct ihk_ikc_listen_param *param)
{
	struct ihk_ikc_listener *l;
	int ret = 0;

	if (param->port <= 0 || param->port >= IHK_IKC_MAX_PORT || !param->handler)
		return -EINVAL;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->param = *param;
	mutex_lock(&ihk_mutex);
	if (!ihk_os_exists(os) || !os->ikc.running) {
		ret = -ENODEV;
	} else {
		mutex_lock(&os->ikc.lock);
		if (ihk_ikc_listener(os, param->port))
			ret = -EADDRINUSE;
		else
			list_add_tail(&l->list, &os->ikc.listeners);
		mutex_unlock(&os->ikc.lock);
	}
	mutex_unlock(&ihk_mutex);
	if (ret)
		kfree(l);
	return ret;
}
EXPORT_SYMBOL_GPL(ihk_ikc_listen_port);

void ihk_ikc_unlisten_port(ihk_os_t os, int port)
{
	struct ihk_ikc_channel_desc *c;
	struct ihk_ikc_listener *l;

	mutex_lock(&ihk_mutex);
	if (ihk_os_exists(os)) {
		mutex_lock(&os->ikc.lock);
		list_for_each_entry(c, &os->ikc.channels, list) {
			if (c->closed || c->info.port != port)
				continue;
			ihk_mikc_send(os, IKC_MASTER_MSG_DISCONNECT, c->remote_id, 0, 0);
			ihk_ikc_channel_close(c);
		}
		l = ihk_ikc_listener(os, port);
		if (l) {
			list_del(&l->list);
			kfree(l);
		}
		mutex_unlock(&os->ikc.lock);
	}
	mutex_unlock(&ihk_mutex);
}
EXPORT_SYMBOL_GPL(ihk_ikc_unlisten_port);

static void ikc_doorbell(struct ihk_ikc_channel_desc *c)
{
	ihk_ops->os_ops->doorbell(c->os->priv, c->lwk_cpu);
}

int ihk_ikc_send(struct ihk_ikc_channel_desc *c, const void *packet)
{
	int tries, ret;

	for (tries = 0; ; tries++) {
		spin_lock(&c->send_lock);
		ret = c->closed ? -ENOTCONN : ikc_queue_write(c->wq, packet);
		spin_unlock(&c->send_lock);
		if (ret != -EBUSY || tries == IKC_SEND_TRIES)
			break;
		/* The reader may not know yet what waits: tell it, give it time. */
		ikc_doorbell(c);
		msleep(1);
	}
	if (!ret)
		ikc_doorbell(c);
	else if (ret == -EIO)
		pr_warn_ratelimited("IHK: OS %d: IKC queue at %pa is corrupt\n",
				    c->os->index, &c->wq_pa);
	return ret;
}
EXPORT_SYMBOL_GPL(ihk_ikc_send);

phys_addr_t ihk_ikc_channel_lwk_to_linux(struct ihk_ikc_channel_desc *c)
{
	return c->rq_pa;
}
EXPORT_SYMBOL_GPL(ihk_ikc_channel_lwk_to_linux);

phys_addr_t ihk_ikc_channel_linux_to_lwk(struct ihk_ikc_channel_desc *c)
{
	return c->wq_pa;
}
EXPORT_SYMBOL_GPL(ihk_ikc_channel_linux_to_lwk);

int ihk_ikc_channel_lwk_cpu(struct ihk_ikc_channel_desc *c)
{
	return c->lwk_cpu;
}
EXPORT_SYMBOL_GPL(ihk_ikc_channel_lwk_cpu);

void *ihk_ikc_channel_lwk_to_linux_va(struct ihk_ikc_channel_desc *c)
{
	return c->rq;
}
EXPORT_SYMBOL_GPL(ihk_ikc_channel_lwk_to_linux_va);

void *ihk_ikc_channel_linux_to_lwk_va(struct ihk_ikc_channel_desc *c)
{
	return c->wq;
}
EXPORT_SYMBOL_GPL(ihk_ikc_channel_linux_to_lwk_va);
