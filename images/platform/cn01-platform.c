// SPDX-License-Identifier: GPL-2.0
/*
 * cn01-platform: keeps Linux off the CPUs that belong to the LWK side.
 *
 * cn01 shows Linux four present CPUs, but only CPU 0 is a real (v86)
 * processor; CPUs 1..3 are emulated by the board for the lightweight
 * kernel and never answer an INIT/SIPI. If Linux tried to bring one of
 * them online it would wait 10 s and fail with EIO. This module refuses
 * the attempt at once, in the earliest hotplug step, with a clear message.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>

static int cpuhp_state;

/* Runs on the control CPU before any attempt to start @cpu. */
static int cn01_cpu_prepare(unsigned int cpu)
{
	if (cpu == 0)
		return 0;
	pr_err("cn01: CPU %u is reserved for the LWK side; Linux runs on CPU 0 only\n",
	       cpu);
	return -EPERM;
}

static int __init cn01_platform_init(void)
{
	static struct cpumask lwk_cpus;
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN,
					"cn01/lwk-cpus:prepare",
					cn01_cpu_prepare, NULL);
	if (ret < 0)
		return ret;
	cpuhp_state = ret;
	cpumask_andnot(&lwk_cpus, cpu_present_mask, cpumask_of(0));
	pr_info("cn01: CPUs %*pbl stay offline for the LWK side\n",
		cpumask_pr_args(&lwk_cpus));
	return 0;
}

static void __exit cn01_platform_exit(void)
{
	cpuhp_remove_state_nocalls(cpuhp_state);
}

module_init(cn01_platform_init);
module_exit(cn01_platform_exit);
MODULE_DESCRIPTION("cn01: keep Linux off the LWK CPUs");
MODULE_LICENSE("GPL");
