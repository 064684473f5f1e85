/* Producer and consumers on a bounded queue with a mutex and two condition variables;
 * argv[1] consumers. The sum of what was consumed is checked. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 4
#define ITEMS 1000
#define MAXC 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[SLOTS], head, count;
static long long consumed[MAXC];

static void *consumer(void *arg)
{
	long me = (long)arg;

	for (;;) {
		pthread_mutex_lock(&lock);
		while (count == 0)
			pthread_cond_wait(&not_empty, &lock);
		int v = queue[head];
		head = (head + 1) % SLOTS;
		count--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
		if (v < 0)
			return NULL;
		consumed[me] += v;
	}
}

static void put(int v)
{
	pthread_mutex_lock(&lock);
	while (count == SLOTS)
		pthread_cond_wait(&not_full, &lock);
	queue[(head + count) % SLOTS] = v;
	count++;
	pthread_cond_signal(&not_empty);
	pthread_mutex_unlock(&lock);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	pthread_t th[MAXC];
	long long total = 0;

	for (long i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, consumer, (void *)i))
			return 1;
	for (int i = 1; i <= ITEMS; i++)
		put(i);
	for (int i = 0; i < n; i++)
		put(-1);
	for (int i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		total += consumed[i];
	}
	printf("consumed=%lld expected=%lld\n", total, (long long)ITEMS * (ITEMS + 1) / 2);
	return 0;
}
