/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcctrl: what its parts share. One OS instance (OS 0) is served: its IKC
 * channels (port 501 per LWK CPU, port 502 from the BSP) and, per open
 * /dev/mcos0 file, the LWK process an mcexec runs (struct mcctrl_proc).
 * Protocol: <mckernel/mcctrl.h>.
 */
#ifndef MCCTRL_H
#define MCCTRL_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <ihk/board.h>
#include <ihk/ihk_ikc.h>
#include <ihk/ihk_os.h>
#include <mckernel/mcctrl.h>

/* One 501 channel per LWK CPU, then the 502 channel. */
#define MCCTRL_MAX_CHANNELS	(IHK_MAX_CPU_IDS + 1)

struct mcctrl_channel {
	int port;
	/* Index in mcctrl.channels: the LWK CPU for 501, nr_cpus for 502. */
	int index;
	struct ihk_ikc_channel_desc *c;	/* NULL while closed */
	phys_addr_t area_pa;		/* its mcctrl area, once INIT_CHANNEL named it */
	void *area;
};

enum mcctrl_proc_state {
	MCCTRL_PROC_NEW,
	MCCTRL_PROC_PREPARING,	/* PREPARE_PROCESS sent, waiting for the answer */
	MCCTRL_PROC_ABANDONED,	/* the waiting ended early: the LWK may still create it */
	MCCTRL_PROC_REFUSED,	/* the LWK said NACKED: nothing exists there */
	MCCTRL_PROC_PREPARED,
	MCCTRL_PROC_STARTED,
	MCCTRL_PROC_EXITED,	/* its exit went to mcexec: nothing to clean up */
};

/* An offloaded call from the LWK, queued for (then handed to) an mcexec thread. */
struct mcctrl_request {
	struct list_head list;
	int channel;		/* index of the channel it came on */
	struct ikc_scd_packet packet;
};

/* The LWK process of one /dev/mcos0 file (one mcexec). */
struct mcctrl_proc {
	struct list_head list;
	struct file *file;
	struct mm_struct *mm;	/* mcexec's; only compared, never used */
	pid_t pid;
	enum mcctrl_proc_state state;
	bool os_gone;		/* the OS shut down: everything fails */
	int prepare_ret;	/* the LWK's answer once state left PREPARING */
	phys_addr_t pgdir;	/* the LWK process's page directory */
	struct file *mirror;	/* its "[mckernel]" mapping's file (no reference) */
	u32 vm_gen;
	struct list_head requests;	/* waiting for WAIT_SYSCALL */
	struct list_head outstanding;	/* handed over, waiting for RET_SYSCALL */
	wait_queue_head_t wait;
};

struct mcctrl {
	/* The channels and the OS; taken in process context only. */
	struct mutex chan_lock;
	ihk_os_t os;			/* NULL once it shut down */
	int nr_cpus;
	phys_addr_t mem_start, mem_end;
	struct mcctrl_channel channels[MCCTRL_MAX_CHANNELS];

	/* The processes, their queues and states; may be taken in wait conditions. */
	spinlock_t proc_lock;
	struct list_head procs;
	/* The 502 post area holds one description: PREPARE_IMAGE one at a time,
	 * and none until the LWK answered the last one. */
	struct mutex prepare_lock;
	bool post_busy;
	wait_queue_head_t post_wait;
};

extern struct mcctrl mcctrl;

/* ikc.c */
int mcctrl_ikc_listen(ihk_os_t os);
void mcctrl_ikc_unlisten(ihk_os_t os);
int mcctrl_send(int index, struct ikc_scd_packet *packet);
void *mcctrl_post_area(phys_addr_t *pa);
bool mcctrl_phys_inside(phys_addr_t pa, size_t size);

/* control.c: the ioctls and the processes */
long mcctrl_ioctl(ihk_os_t os, unsigned int request, unsigned long arg,
		  struct file *file, void *priv);
void mcctrl_release(ihk_os_t os, struct file *file, void *priv);
struct mcctrl_proc *mcctrl_find_proc(pid_t pid);
void mcctrl_prepare_answered(struct ikc_scd_packet *packet);
void mcctrl_forget_procs(void);

/* syscall.c: offloaded calls */
void mcctrl_syscall_packet(int channel, struct ikc_scd_packet *packet);
long mcctrl_wait_syscall(struct mcctrl_proc *proc, void __user *arg);
long mcctrl_ret_syscall(struct mcctrl_proc *proc, void __user *arg);
void mcctrl_free_requests(struct mcctrl_proc *proc);

/* mirror.c: the LWK process's user space inside mcexec */
int mcctrl_mirror_map(struct mcctrl_proc *proc);
void mcctrl_mirror_zap(struct mcctrl_proc *proc);

#endif /* MCCTRL_H */
