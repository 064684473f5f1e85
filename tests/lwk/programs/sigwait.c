/* Waiting for signals with sigwaitinfo/sigtimedwait: one already pending, a timeout, and one
 * sent by a thread on the other CPU while the main thread waits. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void *sender(void *arg)
{
	struct timespec d = { 0, 10 * 1000000 };

	(void)arg;
	nanosleep(&d, NULL);
	kill(getpid(), SIGUSR2);
	return NULL;
}

int main(void)
{
	sigset_t set;
	siginfo_t info;
	pthread_t th;
	struct timespec t = { 0, 100 * 1000000 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	int sig = sigwaitinfo(&set, &info);
	printf("pending: sig=%d code=%d\n", sig, info.si_code);
	sig = sigtimedwait(&set, &info, &t);
	printf("timeout: sig=%d errno=%d\n", sig, errno);
	pthread_create(&th, NULL, sender, NULL);
	sig = sigwaitinfo(&set, &info);
	printf("from thread: sig=%d code=%d pid_ok=%d\n", sig, info.si_code, info.si_pid == getpid());
	pthread_join(th, NULL);
	return 0;
}
