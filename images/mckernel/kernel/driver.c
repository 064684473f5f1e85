// SPDX-License-Identifier: GPL-2.0
/*
 * mcctrl, the "delegator": the Linux side of McKernel's system calls. As in
 * McKernel 1.0 it is loaded after the OS booted; it takes the ioctls IHK
 * passes on from /dev/mcos0 (mcexec's) and listens on IKC ports 501 and 502
 * for the channels the LWK opens (with the karg hidos).
 */
#include <linux/module.h>
#include "mcctrl.h"

struct mcctrl mcctrl;

/*
 * IHK calls this with its mutex held, before the OS goes: its channels
 * are closed already. Every waiting mcexec learns that the OS is gone.
 */
static void mcctrl_os_shutdown(ihk_os_t os, void *priv)
{
	mutex_lock(&mcctrl.chan_lock);
	mcctrl.os = NULL;
	mutex_unlock(&mcctrl.chan_lock);
	mcctrl_forget_procs();
}

static struct ihk_os_user_call mcctrl_user_call = {
	.owner = THIS_MODULE,
	.ioctl = mcctrl_ioctl,
	.release = mcctrl_release,
	.os_shutdown = mcctrl_os_shutdown,
};

static int __init mcctrl_init(void)
{
	ihk_os_t os = ihk_host_find_os(0, NULL);
	int ret;

	if (!os) {
		pr_warn("OS not found.\n");
		return -ENODEV;
	}
	mutex_init(&mcctrl.chan_lock);
	mutex_init(&mcctrl.prepare_lock);
	spin_lock_init(&mcctrl.proc_lock);
	INIT_LIST_HEAD(&mcctrl.procs);
	init_waitqueue_head(&mcctrl.post_wait);
	mcctrl.os = os;
	mcctrl.nr_cpus = ihk_os_nr_cpus(os);
	ihk_os_get_memory(os, &mcctrl.mem_start, &mcctrl.mem_end);
	ret = ihk_os_register_user_call_handlers(os, &mcctrl_user_call);
	if (ret)
		return ret;
	ret = mcctrl_ikc_listen(os);
	if (ret)
		ihk_os_unregister_user_call_handlers(os, &mcctrl_user_call);
	return ret;
}

/* No mcexec can be running: each one pins this module through IHK. */
static void __exit mcctrl_exit(void)
{
	ihk_os_t os;

	mutex_lock(&mcctrl.chan_lock);
	os = mcctrl.os;
	mutex_unlock(&mcctrl.chan_lock);
	if (!os)
		return;
	mcctrl_ikc_unlisten(os);
	ihk_os_unregister_user_call_handlers(os, &mcctrl_user_call);
}

module_init(mcctrl_init);
module_exit(mcctrl_exit);
MODULE_DESCRIPTION("mcctrl for cn01: system-call delegation between McKernel and Linux");
MODULE_LICENSE("GPL");
