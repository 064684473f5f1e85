/* SPDX-License-Identifier: GPL-2.0 */
/* ihk-smp-x86: what the parts of the driver for cn01's IHK board share. */
#ifndef IHK_SMP_H
#define IHK_SMP_H

#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/types.h>
#include <ihk/board.h>
#include <ihk/ikc.h>

/* Memory is taken from Linux in buddy blocks of this order (4 MiB). */
#define SMP_CHUNK_ORDER	10
#define SMP_CHUNK_SIZE	(PAGE_SIZE << SMP_CHUNK_ORDER)

/* The MIKC area: the master queue the LWK writes, then the one it reads. */
#define SMP_MIKC_SEND	0
#define SMP_MIKC_RECV	IHK_IKC_QUEUE_SIZE

struct smp_os;

/* A physically contiguous, chunk-aligned range taken from Linux. */
struct smp_mem_region {
	struct list_head list;
	phys_addr_t start;
	size_t size;
	struct smp_os *os;	/* owner, or NULL while in the pool */
};

struct smp_os {
	int index;
	struct cpumask cpus;
	struct smp_mem_region *mem;
	loff_t image_size;
	bool booted;		/* the board accepted BOOT: no more changes */
};

/* board.c: the device on I/O ports and its IRQ */
int smp_board_probe(void);
void smp_board_remove(void);
int smp_board_cmd(u32 cmd, u32 arg0, u32 arg1, u32 arg2);
u32 smp_board_lwk_cpus(void);
int smp_board_status(int index);
void smp_board_doorbell(int index, int apicid);
int smp_board_wait_boot(int index);

/* cpu.c: reserving CPUs and assigning them to OS instances */
int smp_reserve_cpu(const char *list);
int smp_release_cpu(const char *list);
int smp_query_cpu(char *buf, size_t size);
int smp_os_assign_cpu(void *os, const char *list);
int smp_os_release_cpu(void *os, const char *list);
int smp_os_query_cpu(void *os, char *buf, size_t size);
void smp_release_all_cpus(void);

/* mem.c: reserving memory and assigning it to OS instances */
int smp_reserve_mem(const char *spec);
int smp_release_mem(const char *spec);
int smp_query_mem(char *buf, size_t size);
int smp_os_assign_mem(void *os, const char *spec);
int smp_os_release_mem(void *os, const char *spec);
int smp_os_query_mem(void *os, char *buf, size_t size);
void smp_os_put_mem(struct smp_os *os);
void smp_release_all_mem(void);

/* phys.c: copies to and from physical memory Linux does not map */
void smp_phys_write(phys_addr_t phys, const void *buf, size_t len);
void smp_phys_read(phys_addr_t phys, void *buf, size_t len);

struct ihk_os_ikc_info;

/* os.c: OS instances */
extern struct smp_os *smp_oses[IHK_BOARD_MAX_OS];
void *smp_create_os(int index);
void smp_destroy_os(void *os);
int smp_os_load(void *os, const char *path);
int smp_os_shutdown(void *os);
int smp_os_status(void *os);
long smp_os_query_free_mem(void *os);
phys_addr_t smp_os_boot_param(struct smp_os *os);
phys_addr_t smp_os_mikc(struct smp_os *os);
void smp_os_ikc_info(void *os, struct ihk_os_ikc_info *info);
void smp_os_doorbell(void *os, int apicid);

/* boot.c */
int smp_os_boot(void *os, const char *kargs);

/* kmsg.c: the LWK's log buffer at the top of its memory */
phys_addr_t smp_os_kmsg(struct smp_os *os);
void smp_kmsg_init(struct smp_os *os);
ssize_t smp_os_read_kmsg(void *os, char *buf, size_t size);
int smp_os_clear_kmsg(void *os);

#endif /* IHK_SMP_H */
