/*
 * System-call round trips: N getppid calls (the LWK handles them itself) then N access calls
 * (the LWK offloads them to Linux through mcexec), each timed with CLOCK_MONOTONIC.
 * Prints "local NS offloaded NS" in nanoseconds per call. Run natively, both stay in Linux.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	double start, local, offloaded;
	int i;

	if (n < 1) {
		fprintf(stderr, "usage: %s [CALLS]\n", argv[0]);
		return 2;
	}
	start = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	local = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_access, "/", F_OK);
	offloaded = now_ns();
	printf("local %.0f offloaded %.0f\n", (local - start) / n, (offloaded - local) / n);
	return 0;
}
