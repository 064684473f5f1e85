// SPDX-License-Identifier: GPL-2.0
/*
 * ihkosctl: control one OS instance through /dev/mcos<N>.
 *   ihkosctl <os#> assign|release cpu <list> | mem <size@numa>
 *   ihkosctl <os#> query cpu|mem | query_free_mem | get status
 *   ihkosctl <os#> load <image> | kargs <string> | boot | shutdown
 *   ihkosctl <os#> kmsg | clear_kmsg
 * Silent on success; errors go to stderr in IHK's words.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ihk/board.h>
#include <ihk/ihk_host_user.h>

static const char *const status_names[] = {
	[IHK_OS_STATUS_INACTIVE] = "INACTIVE",
	[IHK_OS_STATUS_BOOTING] = "BOOTING",
	[IHK_OS_STATUS_RUNNING] = "RUNNING",
	[IHK_OS_STATUS_SHUTDOWN] = "SHUTDOWN",
	[IHK_OS_STATUS_PANIC] = "PANIC",
	[IHK_OS_STATUS_HUNGUP] = "HUNGUP",
};

static void usage(void)
{
	fprintf(stderr, "Usage: ihkosctl (os #) (action)\n"
		"  actions: assign|release cpu (list), assign|release mem (size@numa),\n"
		"           query cpu|mem, query_free_mem, get status, load (image),\n"
		"           kargs (string), boot, shutdown, kmsg, clear_kmsg\n");
}

static int fail(const char *what, const char *arg)
{
	if (arg)
		fprintf(stderr, "error: %s: %s\n", what, arg);
	else
		fprintf(stderr, "error: %s\n", what);
	return 1;
}

static int resource(int fd, const char *verb, const char *kind, const char *arg)
{
	int is_assign = !strcmp(verb, "assign");
	int is_cpu = !strcmp(kind, "cpu");
	unsigned long cmd;

	if (!is_cpu && strcmp(kind, "mem"))
		return fail("unknown resource", kind);
	if (is_cpu)
		cmd = is_assign ? IHK_OS_ASSIGN_CPU : IHK_OS_RELEASE_CPU;
	else
		cmd = is_assign ? IHK_OS_ASSIGN_MEM : IHK_OS_RELEASE_MEM;
	if (ioctl(fd, cmd, arg) >= 0)
		return 0;
	if (is_cpu)
		return fail(is_assign ? "assigning CPUs" : "releasing CPUs", arg);
	return fail(is_assign ? "assigning memory" : "releasing memory", arg);
}

static int query(int fd, const char *kind)
{
	char buf[IHK_QUERY_BUF_SIZE] = "";
	int is_cpu = !strcmp(kind, "cpu");

	if (!is_cpu && strcmp(kind, "mem"))
		return fail("querying: unknown resource", kind);
	if (ioctl(fd, is_cpu ? IHK_OS_QUERY_CPU : IHK_OS_QUERY_MEM, buf) < 0)
		return fail(is_cpu ? "querying CPUs" : "querying memory", NULL);
	printf("%s\n", buf);
	return 0;
}

static int kmsg(int fd)
{
	static char buf[IHK_KMSG_SIZE + 1];
	int len = ioctl(fd, IHK_OS_READ_KMSG, buf);

	if (len < 0) {
		fprintf(stderr, "error querying kmsg\n");
		return 1;
	}
	buf[len] = '\0';
	printf("%s\n", buf);
	return 0;
}

static int status(int fd)
{
	int st = ioctl(fd, IHK_OS_QUERY_STATUS, 0);

	if (st < 0 || st > IHK_OS_STATUS_HUNGUP)
		return fail("querying status", NULL);
	printf("%s\n", status_names[st]);
	return 0;
}

static int free_mem(int fd)
{
	int pages = ioctl(fd, IHK_OS_QUERY_FREE_MEM, 0);

	if (pages < 0)
		return fail("querying free memory", NULL);
	printf("number of free pages (4kB): %d\n", pages);
	return 0;
}

/* IHK's wording has no colon here: "error: loading <file>" */
static int load(int fd, const char *image)
{
	if (ioctl(fd, IHK_OS_LOAD, image) >= 0)
		return 0;
	fprintf(stderr, "error: loading %s\n", image);
	return 1;
}

static int simple(int fd, unsigned long cmd, const void *arg, const char *error)
{
	return ioctl(fd, cmd, arg) < 0 ? fail(error, NULL) : 0;
}

static int action(int fd, int argc, char **argv)
{
	const char *act = argv[2];

	if ((!strcmp(act, "assign") || !strcmp(act, "release")) && argc > 4)
		return resource(fd, act, argv[3], argv[4]);
	if (!strcmp(act, "query") && argc > 3)
		return query(fd, argv[3]);
	if (!strcmp(act, "query_free_mem"))
		return free_mem(fd);
	if (!strcmp(act, "get") && argc > 3 && !strcmp(argv[3], "status"))
		return status(fd);
	if (!strcmp(act, "load") && argc > 3)
		return load(fd, argv[3]);
	/* sic: IHK reports a failed kargs as "sending IRQ" */
	if (!strcmp(act, "kargs") && argc > 3)
		return simple(fd, IHK_OS_SET_KARGS, argv[3], "sending IRQ");
	if (!strcmp(act, "boot"))
		return simple(fd, IHK_OS_BOOT, NULL, "booting");
	if (!strcmp(act, "shutdown"))
		return simple(fd, IHK_OS_SHUTDOWN, NULL, "shutting down");
	if (!strcmp(act, "kmsg"))
		return kmsg(fd);
	if (!strcmp(act, "clear_kmsg"))
		return simple(fd, IHK_OS_CLEAR_KMSG, NULL, "clearing kmsg");
	printf("Unknown action : %s\n", act);
	usage();
	return 0;
}

int main(int argc, char **argv)
{
	char path[64];
	int fd, ret;

	if (argc < 3) {
		usage();
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/mcos%d", atoi(argv[1]));
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	ret = action(fd, argc, argv);
	close(fd);
	return ret;
}
