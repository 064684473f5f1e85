// SPDX-License-Identifier: GPL-2.0
/*
 * Serving offloaded system calls. Each worker thread sleeps in MCEXEC_UP_WAIT_SYSCALL until
 * mcctrl hands it a call of the LWK process, performs it here in Linux with the same number
 * and arguments (pointers are valid: the LWK process's user space is mirrored into ours at the
 * same addresses) and answers with MCEXEC_UP_RET_SYSCALL.
 *
 * A call may block for long (a read on the terminal), so one worker always stays waiting:
 * when the last idle worker takes a call, another one starts. The waiting one also receives
 * the end of the process (MCK_NR_EXIT_GROUP) and ends mcexec even while others are blocked.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mcexec.h"

/* Workers only wait and call; they need little stack. */
#define WORKER_STACK (64 * 1024)
/* Calls blocked at the same time, at most (each holds a worker). */
#define MAX_WORKERS 64

static int idle_workers;
static int nr_workers;

/* The process ended: mcexec ends the same way (killed by a signal: 128 + signal). */
static void end_process(unsigned int status)
{
	if (WIFSIGNALED(status)) {
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "Terminate by signal %d\n", WTERMSIG(status));
		_exit(128 + WTERMSIG(status));
	}
	_exit(WEXITSTATUS(status));
}

/*
 * Calls that would act on mcexec rather than on the program: its threads, its address space,
 * its signal handling, and kernel registrations (TLS, robust futexes, rseq) that Linux would
 * later write through. The LWK handles them; if one is ever forwarded, it is refused.
 */
static int acts_on_mcexec(unsigned int nr)
{
	switch (nr) {
	case __NR_exit: case __NR_fork: case __NR_vfork: case __NR_clone: case __NR_clone3:
	case __NR_execve: case __NR_execveat:
	case __NR_brk: case __NR_mmap: case __NR_mmap2: case __NR_munmap: case __NR_mprotect:
	case __NR_mremap:
	case __NR_set_thread_area: case __NR_set_tid_address: case __NR_set_robust_list:
	case __NR_rseq:
	case __NR_signal: case __NR_sigaction: case __NR_rt_sigaction: case __NR_sigprocmask:
	case __NR_rt_sigprocmask: case __NR_sigreturn: case __NR_rt_sigreturn:
	case __NR_sigaltstack:
		return 1;
	}
	return 0;
}

static long result(long r)
{
	return r == -1 ? -errno : r;
}

/* close_range() over mcexec's own descriptor closes the program's ones around it. */
static long close_range_around(unsigned int first, unsigned int last, unsigned int flags)
{
	unsigned int own = mcos_fd;
	long r = 0;

	if (first > own || own > last)
		return result(syscall(__NR_close_range, first, last, flags));
	if (first < own)
		r = result(syscall(__NR_close_range, first, own - 1, flags));
	if (r == 0 && own < last)
		r = result(syscall(__NR_close_range, own + 1, last, flags));
	return r;
}

static long serve(const struct mcexec_syscall *sc)
{
	const unsigned int *a = sc->args;

	if (acts_on_mcexec(sc->number))
		return -ENOSYS;
	switch (sc->number) {
	case __NR_close:
		if ((int)a[0] == mcos_fd)
			return -EBADF;
		break;
	case __NR_dup2:
	case __NR_dup3:
		if ((int)a[1] == mcos_fd)
			return -EBADF;
		break;
	case __NR_close_range:
		return close_range_around(a[0], a[1], a[2]);
	}
	return result(syscall(sc->number, a[0], a[1], a[2], a[3], a[4], a[5]));
}

static void *worker(void *unused);

static int spawn_worker(void)
{
	pthread_attr_t attr;
	pthread_t thread;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, WORKER_STACK);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	__atomic_add_fetch(&idle_workers, 1, __ATOMIC_SEQ_CST);
	err = pthread_create(&thread, &attr, worker, NULL);
	pthread_attr_destroy(&attr);
	if (err) {
		__atomic_sub_fetch(&idle_workers, 1, __ATOMIC_SEQ_CST);
		return -err;
	}
	__atomic_add_fetch(&nr_workers, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* This worker takes a call: keep one waiting for the next call or the exit. */
static void take_call(void)
{
	if (__atomic_sub_fetch(&idle_workers, 1, __ATOMIC_SEQ_CST) == 0 &&
	    __atomic_load_n(&nr_workers, __ATOMIC_SEQ_CST) < MAX_WORKERS)
		spawn_worker();
}

static void *worker(void *unused)
{
	struct mcexec_syscall sc;

	for (;;) {
		if (ioctl(mcos_fd, MCEXEC_UP_WAIT_SYSCALL, &sc) < 0) {
			if (errno == EINTR)
				continue;
			/* The process ended: the worker given its exit ends mcexec. */
			if (errno == ESRCH)
				return unused;
			fprintf(stderr, "mcexec: waiting for system calls: %s\n", strerror(errno));
			_exit(1);
		}
		if (sc.number == MCK_NR_EXIT_GROUP)
			end_process(sc.args[0]);
		take_call();
		sc.ret = serve(&sc);
		if ((int)sc.ret == -EPIPE || (int)sc.ret == -EFBIG)
			forward_sync_signals(sc.tid);
		/* Refused only when the process is gone: its exit is on its way to a worker. */
		ioctl(mcos_fd, MCEXEC_UP_RET_SYSCALL, &sc);
		__atomic_add_fetch(&idle_workers, 1, __ATOMIC_SEQ_CST);
	}
}

/* Starts count workers; they inherit the caller's signal mask. */
int start_workers(int count)
{
	int i, err;

	for (i = 0; i < count; i++) {
		err = spawn_worker();
		if (err < 0) {
			fprintf(stderr, "mcexec: starting worker threads: %s\n", strerror(-err));
			return -1;
		}
	}
	return 0;
}
