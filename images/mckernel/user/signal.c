// SPDX-License-Identifier: GPL-2.0
/*
 * Signals for the LWK process. The terminal and other Linux processes signal mcexec; mcexec
 * forwards each signal with MCEXEC_UP_SEND_SIGNAL and the LWK decides what it does (run the
 * program's handler, ignore it, or end the process, which then ends mcexec).
 *
 * Forwarded: SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGWINCH,
 * SIGXFSZ. Worker threads block them all, so an offloaded call is never interrupted by a
 * signal meant for the program; the main thread, which only waits, receives them.
 *
 * Not forwarded: the job-control signals (SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT) stop and
 * continue mcexec itself, as for any Linux job; the LWK process keeps running until its next
 * offloaded call, which waits until mcexec continues. SIGKILL and SIGSTOP cannot be caught:
 * a killed mcexec closes /dev/mcos0 and mcctrl ends the LWK process (CLEANUP_PROCESS).
 *
 * SIGPIPE and SIGXFSZ also arise from an offloaded write (EPIPE, EFBIG) on the worker thread
 * that made it; the worker takes them and forwards them to the calling LWK thread.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include "mcexec.h"

static const int forwarded[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGWINCH, SIGXFSZ,
};

#define NR_FORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))

static void send_signal(unsigned int tid, int sig)
{
	struct mcexec_signal s = { .tid = tid, .sig = sig };
	int saved = errno;

	/* Fails only when the process is already gone: nothing left to signal. */
	ioctl(mcos_fd, MCEXEC_UP_SEND_SIGNAL, &s);
	errno = saved;
}

static void forward(int sig)
{
	send_signal(0, sig);
}

static void forwarded_set(sigset_t *set)
{
	unsigned int i;

	sigemptyset(set);
	for (i = 0; i < NR_FORWARDED; i++)
		sigaddset(set, forwarded[i]);
}

/* Before the workers start: they inherit this mask. */
void block_forwarded_signals(void)
{
	sigset_t set;

	forwarded_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/*
 * Once the process exists (after PREPARE_IMAGE), on the main thread: catch and forward. A signal mcexec
 * inherited as ignored (SIGINT and SIGQUIT in a background job of a script) stays ignored,
 * as it would for the program started natively.
 */
void forward_signals(void)
{
	struct sigaction sa, old;
	sigset_t set;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sa.sa_flags = SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < NR_FORWARDED; i++)
		if (sigaction(forwarded[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(forwarded[i], &sa, NULL);
	forwarded_set(&set);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* On a worker, after an offloaded call failed with EPIPE or EFBIG. */
void forward_sync_signals(unsigned int tid)
{
	static const struct timespec now;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigaddset(&set, SIGXFSZ);
	while ((sig = sigtimedwait(&set, NULL, &now)) > 0)
		send_signal(tid, sig);
}
