/* A signal for one thread (pthread_kill) runs its handler on that thread; the main thread
 * then leaves with pthread_exit and the process ends when the worker does. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static volatile long handled_by;
static volatile int ready;
static long worker_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = syscall(SYS_gettid);
}

static void *worker(void *arg)
{
	struct timespec d = { 0, 20 * 1000000 };

	(void)arg;
	worker_tid = syscall(SYS_gettid);
	ready = 1;
	while (!handled_by)
		nanosleep(&d, NULL);
	printf("handled by worker=%d main_gone\n", handled_by == worker_tid);
	return NULL;
}

int main(void)
{
	pthread_t th;

	signal(SIGUSR1, on_usr1);
	pthread_create(&th, NULL, worker, NULL);
	while (!ready)
		sched_yield();
	pthread_kill(th, SIGUSR1);
	pthread_exit(NULL);
}
