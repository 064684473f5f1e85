/* argv[1] threads (main included) sum parts of a series; each says which CPU it ran on. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define MAX 16

struct part {
	long from, to;
	long long sum;
	unsigned cpu;
	long tid;
};

static __thread long tls_marker;

static void *work(void *arg)
{
	struct part *p = arg;

	tls_marker = p->from;
	for (long i = p->from; i < p->to; i++)
		p->sum += i;
	syscall(SYS_getcpu, &p->cpu, NULL, NULL);
	p->tid = syscall(SYS_gettid);
	if (tls_marker != p->from)
		p->sum = -1;
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2;
	static struct part parts[MAX];
	pthread_t th[MAX];
	long long total = 0;
	int created = 1;

	for (int i = 0; i < n; i++) {
		parts[i].from = i * 100000L;
		parts[i].to = (i + 1) * 100000L;
	}
	for (int i = 1; i < n; i++) {
		int err = pthread_create(&th[i], NULL, work, &parts[i]);
		if (err) {
			printf("pthread_create %d: %s\n", i, strerror(err));
			break;
		}
		created++;
	}
	work(&parts[0]);
	for (int i = 1; i < created; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < created; i++) {
		total += parts[i].sum;
		printf("part %d cpu %u %s\n", i, parts[i].cpu, parts[i].tid == getpid() ? "main" : "thread");
	}
	printf("threads=%d total=%lld\n", created, total);
	cpu_set_t set;
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	printf("affinity:");
	for (int c = 0; c < 8; c++)
		if (CPU_ISSET(c, &set))
			printf(" %d", c);
	printf("\n");
	return 0;
}
