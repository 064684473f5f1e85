/* Waits: on stdin (an offloaded read) with argument "read", else in nanosleep with a
 * SIGUSR1 handler installed; says where it got to. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int got;

static void on_usr1(int sig)
{
	got = sig;
}

int main(int argc, char **argv)
{
	char buf[16];

	if (argc > 1 && strcmp(argv[1], "read") == 0) {
		printf("reading\n");
		fflush(stdout);
		ssize_t n = read(0, buf, sizeof(buf));
		printf("read=%zd\n", n);
		return 0;
	}
	signal(SIGUSR1, on_usr1);
	struct timespec req = { 10, 0 }, rem = { 0, 0 };
	printf("sleeping\n");
	fflush(stdout);
	int r = nanosleep(&req, &rem);
	printf("nanosleep=%d errno=%d got=%d rem=%ld\n", r, errno, got, (long)rem.tv_sec);
	return 0;
}
