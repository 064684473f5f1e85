// SPDX-License-Identifier: GPL-2.0
/*
 * ihkconfig: manage the IHK device's resource pool and OS instances.
 *   ihkconfig <dev#> reserve|release cpu <list> | mem <size@numa>
 *   ihkconfig <dev#> query cpu|mem
 *   ihkconfig <dev#> create | destroy <os#> | get os_instances
 * Silent on success; errors go to stderr in IHK's words.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ihk/ihk_host_user.h>

static void usage(void)
{
	fprintf(stderr, "Usage: ihkconfig (dev #) (action)\n"
		"  actions: create, destroy (os #), get os_instances,\n"
		"           reserve|release cpu (list), reserve|release mem (size@numa),\n"
		"           query cpu|mem\n");
}

static int fail(const char *what, const char *arg)
{
	if (arg)
		fprintf(stderr, "error: %s: %s\n", what, arg);
	else
		fprintf(stderr, "error: %s\n", what);
	return 1;
}

/* reserve/release cpu|mem <arg> */
static int resource(int fd, const char *verb, const char *kind, const char *arg)
{
	int is_reserve = !strcmp(verb, "reserve");
	int is_cpu = !strcmp(kind, "cpu");
	unsigned long cmd;

	if (!is_cpu && strcmp(kind, "mem"))
		return fail(is_reserve ? "reserving: unknown resource" :
			    "releasing: unknown resource", kind);
	if (is_cpu)
		cmd = is_reserve ? IHK_DEVICE_RESERVE_CPU : IHK_DEVICE_RELEASE_CPU;
	else
		cmd = is_reserve ? IHK_DEVICE_RESERVE_MEM : IHK_DEVICE_RELEASE_MEM;
	if (ioctl(fd, cmd, arg) >= 0)
		return 0;
	if (is_cpu)
		return fail(is_reserve ? "reserving CPUs" : "releasing CPUs", arg);
	return fail(is_reserve ? "reserving memory" : "releasing memory", arg);
}

static int query(int fd, const char *kind)
{
	char buf[IHK_QUERY_BUF_SIZE] = "";
	int is_cpu = !strcmp(kind, "cpu");

	if (!is_cpu && strcmp(kind, "mem"))
		return fail("querying: unknown resource", kind);
	if (ioctl(fd, is_cpu ? IHK_DEVICE_QUERY_CPU : IHK_DEVICE_QUERY_MEM, buf) < 0)
		return fail(is_cpu ? "querying CPUs" : "querying memory", NULL);
	printf("%s\n", buf);
	return 0;
}

static int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The OS instances are the /dev/mcos<N> files. */
static int os_instances(void)
{
	DIR *dir = opendir("/dev");
	struct dirent *entry;
	int ids[64], n = 0, i, id;
	char end;

	if (!dir)
		return fail("listing OS instances", NULL);
	while ((entry = readdir(dir)) != NULL && n < 64)
		if (sscanf(entry->d_name, "mcos%d%c", &id, &end) == 1)
			ids[n++] = id;
	closedir(dir);
	qsort(ids, n, sizeof(ids[0]), by_number);
	for (i = 0; i < n; i++)
		printf(i ? ",%d" : "%d", ids[i]);
	printf("\n");
	return 0;
}

static int action(int fd, int argc, char **argv)
{
	const char *act = argv[2];
	int os;

	if (!strcmp(act, "create")) {
		os = ioctl(fd, IHK_DEVICE_CREATE_OS, 0);
		return os < 0 ? fail("creating OS instance", NULL) : 0;
	}
	if (!strcmp(act, "destroy") && argc > 3) {
		os = atoi(argv[3]);
		if (ioctl(fd, IHK_DEVICE_DESTROY_OS, (unsigned long)os) < 0) {
			fprintf(stderr, "error: destroying OS instance %d\n", os);
			return 1;
		}
		return 0;
	}
	if ((!strcmp(act, "reserve") || !strcmp(act, "release")) && argc > 4)
		return resource(fd, act, argv[3], argv[4]);
	if (!strcmp(act, "query") && argc > 3)
		return query(fd, argv[3]);
	if (!strcmp(act, "get") && argc > 3 && !strcmp(argv[3], "os_instances"))
		return os_instances();
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
	snprintf(path, sizeof(path), "/dev/mcd%d", atoi(argv[1]));
	fd = open(path, O_RDWR);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	ret = action(fd, argc, argv);
	close(fd);
	return ret;
}
