// SPDX-License-Identifier: GPL-2.0
/*
 * ihk-smp-x86: the IHK driver for cn01's node. It partitions the CPUs and
 * memory Linux does not use, and starts LWK instances on them through the
 * IHK board device.
 */
#include <linux/module.h>
#include <ihk/ihk_host_driver.h>
#include "smp.h"

static const struct ihk_os_ops smp_os_ops = {
	.assign_cpu = smp_os_assign_cpu,
	.release_cpu = smp_os_release_cpu,
	.assign_mem = smp_os_assign_mem,
	.release_mem = smp_os_release_mem,
	.query_cpu = smp_os_query_cpu,
	.query_mem = smp_os_query_mem,
	.load = smp_os_load,
	.boot = smp_os_boot,
	.shutdown = smp_os_shutdown,
	.status = smp_os_status,
	.query_free_mem = smp_os_query_free_mem,
	.read_kmsg = smp_os_read_kmsg,
	.clear_kmsg = smp_os_clear_kmsg,
	.ikc_info = smp_os_ikc_info,
	.doorbell = smp_os_doorbell,
};

static const struct ihk_device_ops smp_device_ops = {
	.owner = THIS_MODULE,
	.reserve_cpu = smp_reserve_cpu,
	.release_cpu = smp_release_cpu,
	.reserve_mem = smp_reserve_mem,
	.release_mem = smp_release_mem,
	.query_cpu = smp_query_cpu,
	.query_mem = smp_query_mem,
	.create_os = smp_create_os,
	.destroy_os = smp_destroy_os,
	.os_ops = &smp_os_ops,
};

static int __init smp_ihk_init(void)
{
	int ret = smp_board_probe();

	if (ret)
		return ret;
	ret = ihk_register_device(&smp_device_ops);
	if (ret)
		smp_board_remove();
	return ret;
}

/* OS instances pin this module, so none exists here: give the pool back. */
static void __exit smp_ihk_exit(void)
{
	ihk_unregister_device(&smp_device_ops);
	smp_release_all_mem();
	smp_release_all_cpus();
	smp_board_remove();
}

module_init(smp_ihk_init);
module_exit(smp_ihk_exit);
MODULE_DESCRIPTION("IHK driver for the cn01 board: CPUs, memory, LWK boot");
MODULE_LICENSE("GPL");
