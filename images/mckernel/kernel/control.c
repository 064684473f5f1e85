// SPDX-License-Identifier: GPL-2.0
/*
 * mcctrl's ioctls on /dev/mcos0 (the MCEXEC_UP_* of <mckernel/mcctrl.h>).
 * Each open file is one mcexec and the LWK process it runs: PREPARE_IMAGE
 * hands the program description to the LWK over the 502 channel and maps
 * the process's user space into mcexec, START_IMAGE starts it, signals go
 * to it, and closing the file without its exit ends it (CLEANUP_PROCESS).
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "mcctrl.h"

/* How long PREPARE_IMAGE waits for the LWK to answer. */
#define MCCTRL_PREPARE_TIMEOUT	(20 * HZ)

/* Called with proc_lock held. */
static struct mcctrl_proc *mcctrl_proc_of(struct file *file)
{
	struct mcctrl_proc *proc;

	list_for_each_entry(proc, &mcctrl.procs, list)
		if (proc->file == file)
			return proc;
	return NULL;
}

/* Called with proc_lock held: the process of mcexec @pid, if the LWK may know it. */
struct mcctrl_proc *mcctrl_find_proc(pid_t pid)
{
	struct mcctrl_proc *proc;

	list_for_each_entry(proc, &mcctrl.procs, list)
		if (proc->pid == pid && proc->state != MCCTRL_PROC_NEW &&
		    proc->state != MCCTRL_PROC_REFUSED)
			return proc;
	return NULL;
}

/* The file's process, made on its first use; one per file, in this mm. */
static struct mcctrl_proc *mcctrl_proc_get(struct file *file)
{
	struct mcctrl_proc *proc = kzalloc(sizeof(*proc), GFP_KERNEL), *found;

	if (!proc)
		return ERR_PTR(-ENOMEM);
	proc->file = file;
	proc->mm = current->mm;
	INIT_LIST_HEAD(&proc->requests);
	INIT_LIST_HEAD(&proc->outstanding);
	init_waitqueue_head(&proc->wait);
	spin_lock(&mcctrl.proc_lock);
	found = mcctrl_proc_of(file);
	if (!found)
		list_add_tail(&proc->list, &mcctrl.procs);
	spin_unlock(&mcctrl.proc_lock);
	if (found) {
		kfree(proc);
		proc = found;
	}
	return proc->mm == current->mm ? proc : ERR_PTR(-EPERM);
}

/* The file's process for an ioctl other than the first PREPARE_IMAGE. */
static struct mcctrl_proc *mcctrl_proc_find(struct file *file)
{
	struct mcctrl_proc *proc;

	spin_lock(&mcctrl.proc_lock);
	proc = mcctrl_proc_of(file);
	spin_unlock(&mcctrl.proc_lock);
	if (!proc)
		return ERR_PTR(-EINVAL);
	return proc->mm == current->mm ? proc : ERR_PTR(-EPERM);
}

/* The head says how long the description is; everything in it must fit. */
static int mcctrl_check_desc(const struct program_load_desc *d, u32 size)
{
	u64 need = sizeof(*d) + (u64)d->nr_sections * sizeof(struct program_section) +
		   (u64)d->args_len + d->envs_len;

	if (d->size != size || need > size)
		return -EINVAL;
	return 0;
}

static struct program_load_desc *mcctrl_copy_desc(void __user *arg)
{
	struct program_load_desc head, *desc;
	int ret;

	if (copy_from_user(&head, arg, sizeof(head)))
		return ERR_PTR(-EFAULT);
	if (head.size < sizeof(head))
		return ERR_PTR(-EINVAL);
	if (head.size > MCCTRL_AREA_POST_SIZE)
		return ERR_PTR(-E2BIG);
	desc = kvmalloc(head.size, GFP_KERNEL);
	if (!desc)
		return ERR_PTR(-ENOMEM);
	/* Checked on our copy: mcexec could change its own meanwhile. */
	ret = copy_from_user(desc, arg, head.size) ? -EFAULT : mcctrl_check_desc(desc, head.size);
	if (ret) {
		kvfree(desc);
		return ERR_PTR(ret);
	}
	desc->pid = current->tgid;
	return desc;
}

static bool mcctrl_post_free(void)
{
	bool free;

	spin_lock(&mcctrl.proc_lock);
	free = !mcctrl.post_busy;
	spin_unlock(&mcctrl.proc_lock);
	return free;
}

/* Copies the description into the 502 post area and sends PREPARE_PROCESS. */
static int mcctrl_post_prepare(struct mcctrl_proc *proc, struct program_load_desc *desc)
{
	struct ikc_scd_packet p = { .msg = SCD_MSG_PREPARE_PROCESS, .pid = proc->pid };
	phys_addr_t pa;
	void *post;
	int ret;

	long left = wait_event_interruptible_timeout(mcctrl.post_wait, mcctrl_post_free(),
						     MCCTRL_PREPARE_TIMEOUT);

	if (left <= 0)
		return left < 0 ? -EINTR : -EBUSY;
	mutex_lock(&mcctrl.chan_lock);
	post = mcctrl_post_area(&pa);
	if (post) {
		memcpy(post, desc, desc->size);
		p.arg = pa;
	}
	mutex_unlock(&mcctrl.chan_lock);
	if (!post)
		return -ENODEV;
	spin_lock(&mcctrl.proc_lock);
	if (mcctrl_find_proc(proc->pid)) {
		/* Another file of the same mcexec has a process already. */
		spin_unlock(&mcctrl.proc_lock);
		return -EBUSY;
	}
	mcctrl.post_busy = true;
	proc->state = MCCTRL_PROC_PREPARING;
	spin_unlock(&mcctrl.proc_lock);
	ret = mcctrl_send(mcctrl.nr_cpus, &p);
	if (ret) {
		spin_lock(&mcctrl.proc_lock);
		mcctrl.post_busy = false;
		proc->state = MCCTRL_PROC_NEW;
		spin_unlock(&mcctrl.proc_lock);
	}
	return ret;
}

/* The 502 channel: ACKED or NACKED for @packet->pid. */
void mcctrl_prepare_answered(struct ikc_scd_packet *packet)
{
	struct mcctrl_proc *proc;

	spin_lock(&mcctrl.proc_lock);
	mcctrl.post_busy = false;
	proc = mcctrl_find_proc(packet->pid);
	if (proc && proc->state == MCCTRL_PROC_PREPARING) {
		if (packet->msg == SCD_MSG_PREPARE_PROCESS_ACKED) {
			proc->prepare_ret = 0;
			proc->state = MCCTRL_PROC_PREPARED;
		} else {
			/* Only a -errno passes; anything else is the LWK's bug. */
			proc->prepare_ret = (s32)packet->ret < 0 && (s32)packet->ret >= -MAX_ERRNO ?
					    (s32)packet->ret : -EIO;
			proc->state = MCCTRL_PROC_REFUSED;
		}
		wake_up_all(&proc->wait);
	}
	spin_unlock(&mcctrl.proc_lock);
	wake_up_all(&mcctrl.post_wait);
}

static bool mcctrl_prepare_ended(struct mcctrl_proc *proc)
{
	bool ended;

	spin_lock(&mcctrl.proc_lock);
	ended = proc->state != MCCTRL_PROC_PREPARING || proc->os_gone;
	spin_unlock(&mcctrl.proc_lock);
	return ended;
}

/* Waits for the LWK's answer; an interrupted wait abandons the process. */
static int mcctrl_wait_prepared(struct mcctrl_proc *proc)
{
	long left = wait_event_interruptible_timeout(proc->wait, mcctrl_prepare_ended(proc),
						     MCCTRL_PREPARE_TIMEOUT);
	int ret;

	spin_lock(&mcctrl.proc_lock);
	if (proc->state == MCCTRL_PROC_PREPARED || proc->state == MCCTRL_PROC_REFUSED) {
		ret = proc->prepare_ret;
	} else {
		ret = proc->os_gone ? -ENODEV : left < 0 ? -EINTR : -ETIMEDOUT;
		proc->state = MCCTRL_PROC_ABANDONED;
	}
	spin_unlock(&mcctrl.proc_lock);
	return ret;
}

/* The out fields the LWK wrote into the post area, to mcexec's description. */
static int mcctrl_copy_out(struct mcctrl_proc *proc, struct program_load_desc __user *udesc)
{
	struct program_load_desc out;
	phys_addr_t pa;
	void *post;

	mutex_lock(&mcctrl.chan_lock);
	post = mcctrl_post_area(&pa);
	if (post)
		memcpy(&out, post, sizeof(out));
	mutex_unlock(&mcctrl.chan_lock);
	if (!post)
		return -ENODEV;
	if (!PAGE_ALIGNED(out.pgdir) || !mcctrl_phys_inside(out.pgdir, PAGE_SIZE)) {
		pr_warn("mcctrl: the LWK gave pid %d a page directory at 0x%x\n", proc->pid, out.pgdir);
		return -EIO;
	}
	proc->pgdir = out.pgdir;
	if (put_user(out.prog_bias, &udesc->prog_bias) ||
	    put_user(out.interp_bias, &udesc->interp_bias) ||
	    put_user(out.pgdir, &udesc->pgdir))
		return -EFAULT;
	return 0;
}

static long mcctrl_prepare_image(struct file *file, void __user *arg)
{
	struct program_load_desc *desc = mcctrl_copy_desc(arg);
	struct mcctrl_proc *proc;
	long ret;

	if (IS_ERR(desc))
		return PTR_ERR(desc);
	proc = mcctrl_proc_get(file);
	ret = PTR_ERR_OR_ZERO(proc);
	if (ret)
		goto out;
	ret = -EBUSY;
	if (proc->state != MCCTRL_PROC_NEW)
		goto out;
	ret = mutex_lock_interruptible(&mcctrl.prepare_lock);
	if (ret)
		goto out;
	proc->pid = desc->pid;
	ret = mcctrl_post_prepare(proc, desc);
	if (!ret)
		ret = mcctrl_wait_prepared(proc);
	if (!ret)
		ret = mcctrl_copy_out(proc, arg);
	mutex_unlock(&mcctrl.prepare_lock);
	if (!ret)
		ret = mcctrl_mirror_map(proc);
	/* Created there but unusable here: CLEANUP_PROCESS at release ends it. */
	spin_lock(&mcctrl.proc_lock);
	if (ret && proc->state == MCCTRL_PROC_PREPARED)
		proc->state = MCCTRL_PROC_ABANDONED;
	spin_unlock(&mcctrl.proc_lock);
out:
	kvfree(desc);
	return ret;
}

static bool mcctrl_proc_is(struct mcctrl_proc *proc, enum mcctrl_proc_state a,
			  enum mcctrl_proc_state b)
{
	bool is;

	spin_lock(&mcctrl.proc_lock);
	is = proc->state == a || proc->state == b;
	spin_unlock(&mcctrl.proc_lock);
	return is;
}

static long mcctrl_start_image(struct file *file)
{
	struct ikc_scd_packet p = { .msg = SCD_MSG_SCHEDULE_PROCESS };
	struct mcctrl_proc *proc = mcctrl_proc_find(file);
	long ret;

	if (IS_ERR(proc))
		return PTR_ERR(proc);
	if (!mcctrl_proc_is(proc, MCCTRL_PROC_PREPARED, MCCTRL_PROC_PREPARED))
		return -EINVAL;
	p.pid = proc->pid;
	ret = mcctrl_send(mcctrl.nr_cpus, &p);
	if (!ret) {
		spin_lock(&mcctrl.proc_lock);
		proc->state = MCCTRL_PROC_STARTED;
		spin_unlock(&mcctrl.proc_lock);
	}
	return ret;
}

/* Ctrl-C may come before START_IMAGE: the process exists once prepared. */
static long mcctrl_send_signal(struct file *file, void __user *arg)
{
	struct ikc_scd_packet p = { .msg = SCD_MSG_SEND_SIGNAL };
	struct mcctrl_proc *proc = mcctrl_proc_find(file);
	struct mcexec_signal sig;

	if (IS_ERR(proc))
		return PTR_ERR(proc);
	if (copy_from_user(&sig, arg, sizeof(sig)))
		return -EFAULT;
	if (sig.sig < 1 || sig.sig > _NSIG)
		return -EINVAL;
	if (!mcctrl_proc_is(proc, MCCTRL_PROC_PREPARED, MCCTRL_PROC_STARTED))
		return -EINVAL;
	p.pid = proc->pid;
	p.tid = sig.tid;
	p.args[0] = sig.sig;
	return mcctrl_send(mcctrl.nr_cpus, &p);
}

static long mcctrl_process_call(struct file *file, unsigned int request, void __user *arg)
{
	struct mcctrl_proc *proc = mcctrl_proc_find(file);

	if (IS_ERR(proc))
		return PTR_ERR(proc);
	if (request == MCEXEC_UP_WAIT_SYSCALL)
		return mcctrl_wait_syscall(proc, arg);
	return mcctrl_ret_syscall(proc, arg);
}

long mcctrl_ioctl(ihk_os_t os, unsigned int request, unsigned long arg,
		  struct file *file, void *priv)
{
	void __user *uarg = (void __user *)arg;

	switch (request) {
	case MCEXEC_UP_PREPARE_IMAGE:
		return mcctrl_prepare_image(file, uarg);
	case MCEXEC_UP_START_IMAGE:
		return mcctrl_start_image(file);
	case MCEXEC_UP_WAIT_SYSCALL:
	case MCEXEC_UP_RET_SYSCALL:
		return mcctrl_process_call(file, request, uarg);
	case MCEXEC_UP_SEND_SIGNAL:
		return mcctrl_send_signal(file, uarg);
	case MCEXEC_UP_GET_CPU:
		return READ_ONCE(mcctrl.os) ? mcctrl.nr_cpus : -ENODEV;
	default:
		return -ENOTTY;
	}
}

/* mcexec is gone. Unless the LWK process ended (or never was), end it. */
void mcctrl_release(ihk_os_t os, struct file *file, void *priv)
{
	struct ikc_scd_packet p = { .msg = SCD_MSG_CLEANUP_PROCESS };
	struct mcctrl_proc *proc;
	bool cleanup;

	spin_lock(&mcctrl.proc_lock);
	proc = mcctrl_proc_of(file);
	if (proc)
		list_del(&proc->list);
	spin_unlock(&mcctrl.proc_lock);
	if (!proc)
		return;
	cleanup = !proc->os_gone && (proc->state == MCCTRL_PROC_PREPARED ||
				     proc->state == MCCTRL_PROC_STARTED ||
				     proc->state == MCCTRL_PROC_ABANDONED);
	if (cleanup) {
		p.pid = proc->pid;
		mcctrl_send(mcctrl.nr_cpus, &p);
	}
	mcctrl_free_requests(proc);
	kfree(proc);
}

/* The OS is going: every process and every wait ends. */
void mcctrl_forget_procs(void)
{
	struct mcctrl_proc *proc;

	spin_lock(&mcctrl.proc_lock);
	list_for_each_entry(proc, &mcctrl.procs, list) {
		proc->os_gone = true;
		wake_up_all(&proc->wait);
	}
	mcctrl.post_busy = false;
	spin_unlock(&mcctrl.proc_lock);
	wake_up_all(&mcctrl.post_wait);
}
