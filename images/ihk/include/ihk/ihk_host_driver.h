/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface between the IHK core (ihk.ko: device files, OS objects,
 * ioctl dispatch) and the driver of the node's hardware (ihk-smp-x86.ko).
 * The core serialises every call with one mutex, so drivers need no
 * locking of their own against each other's calls; the exception is
 * doorbell, which IKC senders call at any time (it must not sleep).
 */
#ifndef IHK_HOST_DRIVER_H
#define IHK_HOST_DRIVER_H

#include <linux/types.h>
#include <ihk/board.h>

struct module;

/* What the core needs to talk IKC with a booted OS (ihk_os_ops.ikc_info). */
struct ihk_os_ikc_info {
	phys_addr_t mem_start;		/* the OS memory, [mem_start, mem_end) */
	phys_addr_t mem_end;
	phys_addr_t mikc_recv;		/* master queue the LWK reads */
	phys_addr_t mikc_send;		/* master queue the LWK writes */
	int nr_cpus;
	int cpu_hw_ids[IHK_MAX_CPU_IDS];	/* APIC ids, BSP first */
};

/* Operations on one OS instance; @os is what create_os returned. */
struct ihk_os_ops {
	int (*assign_cpu)(void *os, const char *list);
	int (*release_cpu)(void *os, const char *list);
	int (*assign_mem)(void *os, const char *spec);
	int (*release_mem)(void *os, const char *spec);
	int (*query_cpu)(void *os, char *buf, size_t size);
	int (*query_mem)(void *os, char *buf, size_t size);
	int (*load)(void *os, const char *path);
	int (*boot)(void *os, const char *kargs);
	int (*shutdown)(void *os);
	int (*status)(void *os);
	long (*query_free_mem)(void *os);
	ssize_t (*read_kmsg)(void *os, char *buf, size_t size);
	int (*clear_kmsg)(void *os);
	/* Only for a booted OS: its memory, master queues and CPUs. */
	void (*ikc_info)(void *os, struct ihk_os_ikc_info *info);
	/* Interrupts the OS's CPU @apicid (IKC packets wait for it). */
	void (*doorbell)(void *os, int apicid);
};

/* The device: its resource pool and the OS instances made from it. */
struct ihk_device_ops {
	struct module *owner;
	int (*reserve_cpu)(const char *list);
	int (*release_cpu)(const char *list);
	int (*reserve_mem)(const char *spec);
	int (*release_mem)(const char *spec);
	int (*query_cpu)(char *buf, size_t size);
	int (*query_mem)(char *buf, size_t size);
	/* Returns the driver's object for OS @index or an ERR_PTR. */
	void *(*create_os)(int index);
	/* Shuts the OS down if needed and returns its resources to the pool. */
	void (*destroy_os)(void *os);
	const struct ihk_os_ops *os_ops;
};

int ihk_register_device(const struct ihk_device_ops *ops);
void ihk_unregister_device(const struct ihk_device_ops *ops);

/* The driver's IRQ handler calls this when an LWK queued IKC packets for
 * Linux; the core reads them later, in process context. */
void ihk_ikc_interrupt(void);

#endif /* IHK_HOST_DRIVER_H */
