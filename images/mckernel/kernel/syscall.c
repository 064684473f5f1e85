// SPDX-License-Identifier: GPL-2.0
/*
 * Offloaded system calls. The LWK sends SYSCALL_ONESIDE on the channel of
 * the CPU running the calling thread; mcctrl queues it for the process
 * (matched by pid) and wakes an mcexec thread sleeping in WAIT_SYSCALL,
 * which performs the call and gives the result back with RET_SYSCALL:
 * SYSCALL_RESPONSE on the same channel. The process's exit comes the same
 * way, as MCK_NR_EXIT_GROUP on the 502 channel, and needs no answer.
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "mcctrl.h"

static bool mcctrl_is_exit(struct mcctrl_request *req)
{
	return req->channel == mcctrl.nr_cpus && req->packet.number == MCK_NR_EXIT_GROUP;
}

/* A call from a process nobody serves gets an answer: the LWK thread must not wait forever. */
static void mcctrl_refuse(int channel, struct ikc_scd_packet *packet)
{
	struct ikc_scd_packet p = {
		.msg = SCD_MSG_SYSCALL_RESPONSE, .ref = packet->ref, .pid = packet->pid,
		.tid = packet->tid, .seq = packet->seq, .ret = -ESRCH,
	};

	if (channel == mcctrl.nr_cpus && packet->number == MCK_NR_EXIT_GROUP)
		return;
	mcctrl_send(channel, &p);
}

/* From the IKC work item: queue the call for its process. */
void mcctrl_syscall_packet(int channel, struct ikc_scd_packet *packet)
{
	struct mcctrl_request *req = kmalloc(sizeof(*req), GFP_KERNEL);
	struct mcctrl_proc *proc;

	if (!req) {
		mcctrl_refuse(channel, packet);
		return;
	}
	req->channel = channel;
	req->packet = *packet;
	spin_lock(&mcctrl.proc_lock);
	proc = mcctrl_find_proc(packet->pid);
	if (proc && (proc->state == MCCTRL_PROC_STARTED || proc->state == MCCTRL_PROC_PREPARED)) {
		list_add_tail(&req->list, &proc->requests);
		if (mcctrl_is_exit(req))
			proc->state = MCCTRL_PROC_EXITED;
		wake_up(&proc->wait);
		req = NULL;
	}
	spin_unlock(&mcctrl.proc_lock);
	if (req) {
		mcctrl_refuse(channel, packet);
		kfree(req);
	}
}

/*
 * The next queued call, or NULL; *gone when none will come any more: -ESRCH
 * after the exit (another thread took it), -ENODEV when the OS shut down.
 */
static struct mcctrl_request *mcctrl_take_request(struct mcctrl_proc *proc, int *gone)
{
	struct mcctrl_request *req = NULL;

	spin_lock(&mcctrl.proc_lock);
	if (!list_empty(&proc->requests)) {
		req = list_first_entry(&proc->requests, struct mcctrl_request, list);
		list_del(&req->list);
	}
	*gone = proc->os_gone ? -ENODEV : proc->state == MCCTRL_PROC_EXITED ? -ESRCH : 0;
	spin_unlock(&mcctrl.proc_lock);
	return req;
}

/* Handed over: the answer is expected (the exit needs none). */
static void mcctrl_hand_over(struct mcctrl_proc *proc, struct mcctrl_request *req)
{
	if (mcctrl_is_exit(req)) {
		kfree(req);
		return;
	}
	spin_lock(&mcctrl.proc_lock);
	list_add_tail(&req->list, &proc->outstanding);
	spin_unlock(&mcctrl.proc_lock);
}

static void mcctrl_put_back(struct mcctrl_proc *proc, struct mcctrl_request *req)
{
	spin_lock(&mcctrl.proc_lock);
	list_add(&req->list, &proc->requests);
	spin_unlock(&mcctrl.proc_lock);
	wake_up(&proc->wait);
}

long mcctrl_wait_syscall(struct mcctrl_proc *proc, void __user *arg)
{
	struct mcctrl_request *req;
	struct mcexec_syscall sc;
	int gone = 0;

	/* Interruptible: mcexec forwards the signals it gets meanwhile. */
	if (wait_event_interruptible(proc->wait, (req = mcctrl_take_request(proc, &gone)) || gone))
		return -EINTR;
	if (!req)
		return gone;
	/* The LWK changed its mappings since: drop what the mirror shows. */
	if ((s32)(req->packet.vm_gen - proc->vm_gen) > 0) {
		proc->vm_gen = req->packet.vm_gen;
		mcctrl_mirror_zap(proc);
	}
	memset(&sc, 0, sizeof(sc));
	sc.seq = req->packet.seq;
	sc.cpu = req->channel;
	sc.tid = req->packet.tid;
	sc.number = req->packet.number;
	memcpy(sc.args, req->packet.args, sizeof(sc.args));
	if (copy_to_user(arg, &sc, sizeof(sc))) {
		mcctrl_put_back(proc, req);
		return -EFAULT;
	}
	mcctrl_hand_over(proc, req);
	return 0;
}

/* Only calls this process was handed can be answered, each once. */
static struct mcctrl_request *mcctrl_take_outstanding(struct mcctrl_proc *proc, u32 seq, u32 cpu)
{
	struct mcctrl_request *req, *found = NULL;

	spin_lock(&mcctrl.proc_lock);
	list_for_each_entry(req, &proc->outstanding, list) {
		if (req->packet.seq == seq && req->channel == cpu) {
			list_del(&req->list);
			found = req;
			break;
		}
	}
	spin_unlock(&mcctrl.proc_lock);
	return found;
}

long mcctrl_ret_syscall(struct mcctrl_proc *proc, void __user *arg)
{
	struct ikc_scd_packet p = { .msg = SCD_MSG_SYSCALL_RESPONSE };
	struct mcctrl_request *req;
	struct mcexec_syscall sc;
	long ret;

	if (copy_from_user(&sc, arg, sizeof(sc)))
		return -EFAULT;
	req = mcctrl_take_outstanding(proc, sc.seq, sc.cpu);
	if (!req)
		return -EINVAL;
	p.ref = req->packet.ref;
	p.pid = req->packet.pid;
	p.tid = req->packet.tid;
	p.number = req->packet.number;
	p.seq = req->packet.seq;
	p.ret = sc.ret;
	ret = mcctrl_send(req->channel, &p);
	kfree(req);
	return ret;
}

/* At release: the process's calls that were never answered go with it. */
void mcctrl_free_requests(struct mcctrl_proc *proc)
{
	struct mcctrl_request *req, *next;

	list_for_each_entry_safe(req, next, &proc->requests, list)
		kfree(req);
	list_for_each_entry_safe(req, next, &proc->outstanding, list)
		kfree(req);
}
