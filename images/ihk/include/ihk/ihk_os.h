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
typedef struct ihk_os *ihk_os_t;

/* The running OS instance @index, or NULL when there is none. */
ihk_os_t ihk_host_find_os(int index, void *unused);
int ihk_host_os_get_index(ihk_os_t os);
/* Its memory: [start, end) physical. */
void ihk_os_get_memory(ihk_os_t os, phys_addr_t *start, phys_addr_t *end);

struct ihk_os_user_call {
	/* An ioctl in the aux range on a /dev/mcos<N> file; called without
	 * IHK's mutex held, so it may sleep (e.g. waiting for a system call). */
	long (*ioctl)(ihk_os_t os, unsigned int request, unsigned long arg,
		      struct file *file, void *priv);
	/* The file is being closed (its process exits or closed it). */
	void (*release)(ihk_os_t os, struct file *file, void *priv);
	/* The OS is about to shut down or be destroyed: forget it. IHK has
	 * closed its IKC channels already. */
	void (*os_shutdown)(ihk_os_t os, void *priv);
	void *priv;
};

/* One set of handlers per OS; -EBUSY when one is registered already. */
int ihk_os_register_user_call_handlers(ihk_os_t os,
				       struct ihk_os_user_call *uc);
void ihk_os_unregister_user_call_handlers(ihk_os_t os,
					  struct ihk_os_user_call *uc);

#endif /* IHK_IHK_OS_H */
