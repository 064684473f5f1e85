/*
 * syscall-rtt CALL N: makes N system calls of one kind, back to back, and exits. CALL is
 * "getppid" (the LWK handles it itself) or "access" (the LWK offloads it to Linux through
 * mcexec). The bench times runs of different N from the host, so no clock of the guest or of
 * the LWK is trusted here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc == 3 ? atoi(argv[2]) : -1;
	int i;

	if (n < 0 || (strcmp(argv[1], "getppid") && strcmp(argv[1], "access"))) {
		fprintf(stderr, "usage: %s getppid|access N\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "getppid"))
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	else
		for (i = 0; i < n; i++)
			syscall(SYS_access, "/", F_OK);
	return 0;
}
