/* SPDX-License-Identifier: GPL-2.0 */
/* What the two halves of the IHK core (device and OS instances) share. */
#ifndef IHK_CORE_H
#define IHK_CORE_H

#include <linux/mutex.h>
#include <ihk/ihk_host_driver.h>

#define IHK_MAX_OS	4

struct class;

/* Held around every ioctl, open, release and (un)registration. */
extern struct mutex ihk_mutex;
/* The registered driver, or NULL. */
extern const struct ihk_device_ops *ihk_ops;

char *ihk_string_arg(unsigned long arg);
long ihk_copy_query(unsigned long arg, const char *buf);

int ihk_os_setup(struct class *cls);
void ihk_os_cleanup(void);
long ihk_os_create(void);
long ihk_os_destroy(unsigned long index);

#endif /* IHK_CORE_H */
