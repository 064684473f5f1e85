/* Clocks and sleeps on the LWK: nanosleep, clock_nanosleep (relative and absolute), the
 * monotonic and wall clocks, gettimeofday, time, clock_getres. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

static long long ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	long long t0 = ns(CLOCK_MONOTONIC);
	struct timespec req = { 0, 50 * 1000000 };

	nanosleep(&req, NULL);
	long long t1 = ns(CLOCK_MONOTONIC);
	struct timespec until = { (t1 + 20000000) / 1000000000, (t1 + 20000000) % 1000000000 };
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
	long long t2 = ns(CLOCK_MONOTONIC);
	struct timespec rel = { 1, 0 };
	clock_nanosleep(CLOCK_REALTIME, 0, &rel, NULL);
	long long t3 = ns(CLOCK_MONOTONIC);
	struct timeval tv;
	struct timespec res;

	gettimeofday(&tv, NULL);
	clock_getres(CLOCK_MONOTONIC, &res);
	printf("nanosleep=%lld abs=%lld rel=%lld ms\n", (t1 - t0) / 1000000, (t2 - t1) / 1000000, (t3 - t2) / 1000000);
	printf("time=%ld gettimeofday=%ld realtime=%lld res=%ld\n", (long)time(NULL), (long)tv.tv_sec,
	       ns(CLOCK_REALTIME) / 1000000000, res.tv_nsec);
	printf("bad=%d\n", clock_gettime(99, &res));
	return 0;
}
