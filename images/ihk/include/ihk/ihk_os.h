/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ihk.ko offers other Linux modules (mcctrl) about OS instances:
 * finding one, reaching its memory, and handling the ioctls IHK passes on
 * (the "aux" range 0x10000000..0x7fffffff of /dev/mcos<N>).
 */
#ifndef IHK_IHK_OS_H
#define IHK_IHK_OS_H

#include <linux/types.h>

struct file;
struct module;
typedef struct ihk_os *ihk_os_t;

/* The running OS instance @index, or NULL when there is none. */
ihk_os_t ihk_host_find_os(int index, void *unused);
int ihk_host_os_get_index(ihk_os_t os);
/* Its memory: [start, end) physical. */
void ihk_os_get_memory(ihk_os_t os, phys_addr_t *start, phys_addr_t *end);
/* Its CPUs: how many, and the LWK's number (0 = BSP) of the one with
 * APIC id @apicid, or -1. */
int ihk_os_nr_cpus(ihk_os_t os);
int ihk_os_cpu_index(ihk_os_t os, int apicid);
/* Maps [pa, pa + size) of the OS memory into the kernel (page aligned, and
 * wholly inside the OS memory, or NULL); undo with ihk_os_unmap_phys. */
void *ihk_os_map_phys(ihk_os_t os, phys_addr_t pa, size_t size);
void ihk_os_unmap_phys(void *va);

struct ihk_os_user_call {
	/* The module the handlers live in: IHK pins it while a /dev/mcos<N>
	 * file that used them is open. */
	struct module *owner;
	/* An ioctl in the aux range on a /dev/mcos<N> file; called without
	 * IHK's mutex held, so it may sleep (e.g. waiting for a system call). */
	long (*ioctl)(ihk_os_t os, unsigned int request, unsigned long arg,
		      struct file *file, void *priv);
	/* A file that went through ioctl is being closed (its process exits
	 * or closed it); called without IHK's mutex held. */
	void (*release)(ihk_os_t os, struct file *file, void *priv);
	/* The OS is about to shut down or be destroyed: forget it. IHK has
	 * closed its IKC channels already and holds its mutex: do not call
	 * back into IHK. The handlers are unregistered after this, but files
	 * that used them still get release. */
	void (*os_shutdown)(ihk_os_t os, void *priv);
	void *priv;
};

/* One set of handlers per OS; -EBUSY when one is registered already. */
int ihk_os_register_user_call_handlers(ihk_os_t os,
				       struct ihk_os_user_call *uc);
/* Does nothing when the OS is gone or has other handlers. */
void ihk_os_unregister_user_call_handlers(ihk_os_t os,
					  struct ihk_os_user_call *uc);

#endif /* IHK_IHK_OS_H */
