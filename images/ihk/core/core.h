/* SPDX-License-Identifier: GPL-2.0 */
/* What the parts of the IHK core (device, OS instances, IKC) share. */
#ifndef IHK_CORE_H
#define IHK_CORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <ihk/ihk_host_driver.h>
#include <ihk/ihk_ikc.h>
#include <ihk/ikc.h>

#define IHK_MAX_OS	4

struct class;

/* Held around every ioctl, open, release and (un)registration. */
extern struct mutex ihk_mutex;
/* The registered driver, or NULL. */
extern const struct ihk_device_ops *ihk_ops;

/*
 * One IKC channel: two queues in the LWK's memory, mapped here. The LWK
 * shares them, so every value read from them is checked before use.
 */
struct ihk_ikc_channel_desc {
	struct list_head list;
	struct ihk_os *os;
	u32 id;				/* ours, given in CONNECT_REPLY */
	u32 remote_id;			/* the LWK's (0 = the master channel) */
	int lwk_cpu;			/* APIC id of the LWK CPU reading wq */
	phys_addr_t rq_pa;		/* LWK → Linux */
	phys_addr_t wq_pa;		/* Linux → LWK */
	struct ihk_ikc_queue_head *rq;
	struct ihk_ikc_queue_head *wq;
	spinlock_t send_lock;		/* wq, closed */
	bool closed;			/* unmapped: sends fail */
	struct ihk_ikc_channel_info info;
};

struct ihk_ikc_listener {
	struct list_head list;
	struct ihk_ikc_listen_param param;
};

/* IKC with one booted OS instance. */
struct ihk_ikc {
	/* Held while packets are handled and while channels or listeners
	 * come and go: no handler runs beside a close. */
	struct mutex lock;
	struct work_struct work;
	bool running;
	struct ihk_os_ikc_info info;
	struct ihk_ikc_channel_desc *master;
	struct list_head channels;	/* every channel but the master, closed ones too */
	struct list_head listeners;
	u32 next_id;
};

struct ihk_os {
	int index;
	void *priv;		/* the driver's object */
	int open_count;
	char *kargs;
	struct ihk_os_user_call *uc;
	struct ihk_ikc ikc;
};

char *ihk_string_arg(unsigned long arg);
long ihk_copy_query(unsigned long arg, const char *buf);

/* os.c */
int ihk_os_setup(struct class *cls);
void ihk_os_cleanup(void);
long ihk_os_create(void);
long ihk_os_destroy(unsigned long index);
struct ihk_os *ihk_os_at(int index);
bool ihk_os_exists(struct ihk_os *os);
bool ihk_os_phys_inside(struct ihk_os *os, phys_addr_t pa, size_t size);

/* ikc.c: channels, queues and the drain */
void ihk_ikc_init(struct ihk_os *os);
int ihk_ikc_start(struct ihk_os *os);
void ihk_ikc_stop(struct ihk_os *os);
void ihk_ikc_free(struct ihk_os *os);
struct ihk_ikc_channel_desc *ihk_ikc_channel_create(struct ihk_os *os,
		phys_addr_t rq_pa, phys_addr_t wq_pa, int lwk_cpu);
void ihk_ikc_channel_close(struct ihk_ikc_channel_desc *c);
void ihk_ikc_channel_free(struct ihk_ikc_channel_desc *c);
struct ihk_ikc_listener *ihk_ikc_listener(struct ihk_os *os, int port);

/* mikc.c: the master channel */
int ihk_mikc_send(struct ihk_os *os, u32 msg, u32 ref, u64 p0, u64 p1);
void ihk_mikc_handle(struct ihk_os *os, const struct ikc_master_packet *p);

#endif /* IHK_CORE_H */
