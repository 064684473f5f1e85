/* Calls the LWK cannot serve: an unknown number twice, fork; the program goes on. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
	long a = syscall(999);
	int ea = errno;
	long b = syscall(999);
	pid_t child = fork();
	int ef = errno;

	printf("999=%ld,%d,%ld fork=%d,%d\n", a, ea, b, child, ef);
	return 0;
}
