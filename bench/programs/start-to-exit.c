/*
 * start-to-exit RUNS PROGRAM [ARG...]: runs the program RUNS times, one after the other, and
 * prints "ns NS" = nanoseconds from fork to the end of waitpid per run (CLOCK_MONOTONIC).
 * Fails when a run does not exit with status 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int run(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0;
	double start;
	int i, status;

	if (runs < 1) {
		fprintf(stderr, "usage: %s RUNS PROGRAM [ARG...]\n", argv[0]);
		return 2;
	}
	start = now_ns();
	for (i = 0; i < runs; i++) {
		status = run(argv + 2);
		if (status != 0) {
			fprintf(stderr, "%s: run %d ended with status %d\n", argv[2], i + 1, status);
			return 1;
		}
	}
	printf("ns %.0f\n", (now_ns() - start) / runs);
	return 0;
}
