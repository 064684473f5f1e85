// SPDX-License-Identifier: GPL-2.0
/*
 * CPUs for the LWK. Real IHK offlines online CPUs; on cn01 the LWK CPUs
 * (1..3) are offline from boot and Linux can never run on them, so
 * reserving one checks that it is present, offline and LWK-capable.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <asm/smp.h>
#include "smp.h"

/* Every reserved CPU, assigned to an OS or not. */
static struct cpumask smp_reserved_cpus;

static int smp_parse_cpus(const char *list, struct cpumask *mask)
{
	int ret = cpulist_parse(list, mask);

	if (ret)
		return ret;
	return cpumask_empty(mask) ? -EINVAL : 0;
}

static struct smp_os *smp_cpu_owner(int cpu)
{
	int i;

	for (i = 0; i < IHK_BOARD_MAX_OS; i++)
		if (smp_oses[i] && cpumask_test_cpu(cpu, &smp_oses[i]->cpus))
			return smp_oses[i];
	return NULL;
}

static int smp_check_reservable(int cpu)
{
	if (cpu >= nr_cpu_ids || !cpu_present(cpu)) {
		pr_warn("IHK-SMP: error: CPU %d is not present\n", cpu);
		return -EINVAL;
	}
	if (cpumask_test_cpu(cpu, &smp_reserved_cpus)) {
		pr_warn("IHK-SMP: error: CPU %d was reserved already\n", cpu);
		return -EINVAL;
	}
	if (cpu_online(cpu)) {
		pr_warn("IHK-SMP: error: CPU %d is online: it is Linux's\n", cpu);
		return -EBUSY;
	}
	if (!(smp_board_lwk_cpus() & BIT(cpu))) {
		pr_warn("IHK-SMP: error: CPU %d cannot run an LWK\n", cpu);
		return -EINVAL;
	}
	return 0;
}

int smp_reserve_cpu(const char *list)
{
	struct cpumask mask;
	int cpu, ret;

	ret = smp_parse_cpus(list, &mask);
	if (ret)
		return ret;
	for_each_cpu(cpu, &mask) {
		ret = smp_check_reservable(cpu);
		if (ret)
			return ret;
	}
	ret = smp_board_cmd(IHK_CMD_RESERVE_CPU, cpumask_bits(&mask)[0], 0, 0);
	if (ret)
		return ret;
	cpumask_or(&smp_reserved_cpus, &smp_reserved_cpus, &mask);
	for_each_cpu(cpu, &mask)
		pr_info("IHK-SMP: CPU %d reserved successfully, APIC: %d\n",
			cpu, cpu_physical_id(cpu));
	return 0;
}

int smp_release_cpu(const char *list)
{
	struct cpumask mask;
	struct smp_os *owner;
	int cpu, ret;

	ret = smp_parse_cpus(list, &mask);
	if (ret)
		return ret;
	for_each_cpu(cpu, &mask) {
		if (cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, &smp_reserved_cpus)) {
			pr_warn("IHK-SMP: error: CPU %d is not reserved\n", cpu);
			return -EINVAL;
		}
		owner = smp_cpu_owner(cpu);
		if (owner) {
			pr_warn("IHK-SMP: error: CPU %d is assigned to OS %d\n",
			       cpu, owner->index);
			return -EBUSY;
		}
	}
	ret = smp_board_cmd(IHK_CMD_RELEASE_CPU, cpumask_bits(&mask)[0], 0, 0);
	if (ret)
		return ret;
	cpumask_andnot(&smp_reserved_cpus, &smp_reserved_cpus, &mask);
	for_each_cpu(cpu, &mask)
		pr_info("IHK-SMP: CPU %d released\n", cpu);
	return 0;
}

/* The pool: reserved CPUs no OS has. */
int smp_query_cpu(char *buf, size_t size)
{
	struct cpumask free;
	int i;

	cpumask_copy(&free, &smp_reserved_cpus);
	for (i = 0; i < IHK_BOARD_MAX_OS; i++)
		if (smp_oses[i])
			cpumask_andnot(&free, &free, &smp_oses[i]->cpus);
	scnprintf(buf, size, "%*pbl", cpumask_pr_args(&free));
	return 0;
}

int smp_os_assign_cpu(void *data, const char *list)
{
	struct smp_os *os = data;
	struct cpumask mask;
	int cpu, ret;

	if (os->booted)
		return -EBUSY;
	ret = smp_parse_cpus(list, &mask);
	if (ret)
		return ret;
	for_each_cpu(cpu, &mask) {
		if (cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, &smp_reserved_cpus)) {
			pr_warn("IHK-SMP: error: CPU %d is not reserved\n", cpu);
			return -EINVAL;
		}
		if (smp_cpu_owner(cpu)) {
			/* sic: IHK's own spelling */
			pr_warn("IHK-SMP: erro: CPU %d was assigned already\n", cpu);
			return -EBUSY;
		}
	}
	ret = smp_board_cmd(IHK_CMD_ASSIGN_CPU, os->index, cpumask_bits(&mask)[0], 0);
	if (ret)
		return ret;
	cpumask_or(&os->cpus, &os->cpus, &mask);
	for_each_cpu(cpu, &mask)
		pr_info("IHK-SMP: CPU APIC %d assigned to %px.\n",
			cpu_physical_id(cpu), os);
	return 0;
}

int smp_os_release_cpu(void *data, const char *list)
{
	struct smp_os *os = data;
	struct cpumask mask;
	int ret;

	if (os->booted)
		return -EBUSY;
	ret = smp_parse_cpus(list, &mask);
	if (ret)
		return ret;
	if (!cpumask_subset(&mask, &os->cpus)) {
		pr_warn("IHK-SMP: error: CPUs %*pbl are not all assigned to OS %d\n",
		       cpumask_pr_args(&mask), os->index);
		return -EINVAL;
	}
	ret = smp_board_cmd(IHK_CMD_RELEASE_OS_CPU, os->index, cpumask_bits(&mask)[0], 0);
	if (ret)
		return ret;
	cpumask_andnot(&os->cpus, &os->cpus, &mask);
	return 0;
}

int smp_os_query_cpu(void *data, char *buf, size_t size)
{
	struct smp_os *os = data;

	scnprintf(buf, size, "%*pbl", cpumask_pr_args(&os->cpus));
	return 0;
}

/* Module exit: no OS exists any more. */
void smp_release_all_cpus(void)
{
	if (cpumask_empty(&smp_reserved_cpus))
		return;
	smp_board_cmd(IHK_CMD_RELEASE_CPU, cpumask_bits(&smp_reserved_cpus)[0], 0, 0);
	cpumask_clear(&smp_reserved_cpus);
}
