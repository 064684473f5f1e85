/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKC for Linux-side modules (mcctrl): listen on a port, receive the
 * channels an LWK opens to it, send and receive packets. The queues and
 * the master channel protocol are in <ihk/ikc.h> (generated); ihk.ko
 * implements them.
 *
 * Context: every callback runs in process context (ihk.ko drains the
 * queues from a work item after the board's IKC interrupt), one packet at
 * a time per OS, so callbacks may sleep briefly but must not wait for
 * another packet of the same OS, nor listen or unlisten.
 */
#ifndef IHK_IHK_IKC_H
#define IHK_IHK_IKC_H

#include <linux/types.h>
#include <ihk/ihk_os.h>

struct ihk_ikc_channel_desc;

/* What a listener learns about a channel the LWK opens, and what it sets. */
struct ihk_ikc_channel_info {
	struct ihk_ikc_channel_desc *channel;
	int port;
	/* Set by the listener's handler: called for each packet on the channel. */
	int (*packet_handler)(struct ihk_ikc_channel_desc *c, void *packet,
			      void *priv);
	/* Set by the listener's handler: called once when the channel closes
	 * (disconnect, unlisten, OS shutdown or destroy); no packet follows
	 * it. The channel stays valid (sends fail with -ENOTCONN) until the
	 * OS is destroyed. */
	void (*close_handler)(struct ihk_ikc_channel_desc *c, void *priv);
	void *priv;
};

struct ihk_ikc_listen_param {
	int port;
	/* Called when the LWK connects; return 0 to accept (fill in @info's
	 * handlers), or a negative errno to refuse. */
	int (*handler)(struct ihk_ikc_channel_info *info, void *priv);
	void *priv;
};

int ihk_ikc_listen_port(ihk_os_t os, struct ihk_ikc_listen_param *param);
/* Closes the port's channels (their close handlers run) and stops
 * listening; does nothing when the OS is gone. */
void ihk_ikc_unlisten_port(ihk_os_t os, int port);

/* Copies one IHK_IKC_PACKET_SIZE packet into the channel's queue towards
 * the LWK and rings the doorbell of the LWK CPU reading it. While the queue
 * is full it sleeps a little (the LWK drains it meanwhile); -EBUSY when it
 * stays full, -ENOTCONN when the channel is closed. */
int ihk_ikc_send(struct ihk_ikc_channel_desc *c, const void *packet);

/* Physical addresses of the channel's two queues, and the APIC id of the
 * LWK CPU that reads it (for log lines and doorbells). */
phys_addr_t ihk_ikc_channel_lwk_to_linux(struct ihk_ikc_channel_desc *c);
phys_addr_t ihk_ikc_channel_linux_to_lwk(struct ihk_ikc_channel_desc *c);
int ihk_ikc_channel_lwk_cpu(struct ihk_ikc_channel_desc *c);
/* Where ihk.ko maps the same two queues (for log lines). */
void *ihk_ikc_channel_lwk_to_linux_va(struct ihk_ikc_channel_desc *c);
void *ihk_ikc_channel_linux_to_lwk_va(struct ihk_ikc_channel_desc *c);

#endif /* IHK_IHK_IKC_H */
