// SPDX-License-Identifier: GPL-2.0
/*
 * mcexec [-c CPU] [<mcos-id>] PROGRAM [ARGS...]
 *
 * Runs PROGRAM on the LWK of /dev/mcos<mcos-id> (default 0), starting on LWK CPU CPU (McKernel
 * numbering; default: the LWK chooses). The steps, as in McKernel 1.0: find and read the ELF
 * file, describe it to the LWK (MCEXEC_UP_PREPARE_IMAGE), copy its segments into the pages the
 * LWK allocated, start worker threads for the offloaded system calls, forward signals, start
 * the program (MCEXEC_UP_START_IMAGE), and end with the program's exit status.
 *
 * mcexec is linked at MCK_USER_MCEXEC_BASE, above the LWK's user space [MCK_USER_START,
 * MCK_USER_END), which mcctrl mirrors into mcexec at PREPARE_IMAGE.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <unistd.h>
#include "mcexec.h"

int mcos_fd = -1;

struct options {
	int os;
	int cpu;		/* -1: the LWK chooses */
	int argc;
	char **argv;
};

static void usage(void)
{
	fprintf(stderr, "Usage: mcexec [-c target_core] [<mcos-id>] (program) [args...]\n");
	exit(1);
}

static int parse_number(const char *s)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return *end || errno || v > INT_MAX ? -1 : (int)v;
}

static void parse_options(int argc, char **argv, struct options *opt)
{
	int c;

	opt->os = 0;
	opt->cpu = -1;
	/* "+": options end at the program's name; its own options are its business. */
	while ((c = getopt(argc, argv, "+c:")) != -1) {
		if (c != 'c')
			usage();
		opt->cpu = parse_number(optarg);
		if (opt->cpu < 0) {
			fprintf(stderr, "mcexec: -c %s: not a CPU number\n", optarg);
			exit(1);
		}
	}
	if (optind + 1 < argc && parse_number(argv[optind]) >= 0)
		opt->os = parse_number(argv[optind++]);
	if (optind >= argc)
		usage();
	opt->argc = argc - optind;
	opt->argv = argv + optind;
}

/*
 * The program's descriptors are mcexec's (its file calls run here), so mcexec's own
 * /dev/mcos<N> moves to the top of the table, out of the numbers programs get.
 */
static int move_out_of_the_way(int fd)
{
	struct rlimit rl;
	int top = 1023, moved;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <= 1024)
		top = rl.rlim_cur - 1;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, top);
	if (moved < 0)
		return fd;
	close(fd);
	return moved;
}

/*
 * mcctrl mirrors the LWK's user space into mcexec below MCK_USER_END, where mcexec itself must
 * have nothing. Linux puts a process's mmaps (the vdso, thread stacks) top-down from below the
 * stack's reserved size, or bottom-up from 0x40000000 with the ADDR_COMPAT_LAYOUT personality
 * or an unlimited stack. With a stack limit above STACK_LIMIT_MAX, or that personality, mcexec
 * executes itself again with an 8 MiB limit (the LWK's stack for the program is 8 MiB at most
 * anyway) and without the flag.
 */
#define STACK_LIMIT_MAX (256u << 20)
#define STACK_LIMIT_SAFE (8u << 20)

static void leave_low_layout(char **argv)
{
	int persona = personality(0xffffffff);
	struct rlimit rl;
	int again = 0;

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > STACK_LIMIT_MAX) {
		rl.rlim_cur = STACK_LIMIT_SAFE;
		again |= setrlimit(RLIMIT_STACK, &rl) == 0;
	}
	if (persona != -1 && (persona & ADDR_COMPAT_LAYOUT))
		again |= personality(persona & ~ADDR_COMPAT_LAYOUT) != -1;
	if (!again)
		return;
	execv("/proc/self/exe", argv);
	perror("mcexec: executing /proc/self/exe");
	exit(1);
}

static void open_device(int os)
{
	char dev[32];
	int fd;

	snprintf(dev, sizeof(dev), "/dev/mcos%d", os);
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Error: Failed to open %s.\n", dev);
		exit(1);
	}
	mcos_fd = move_out_of_the_way(fd);
}

static int lwk_cpus(const struct options *opt)
{
	int n = ioctl(mcos_fd, MCEXEC_UP_GET_CPU, 0);

	if (n <= 0) {
		fprintf(stderr, "mcexec: /dev/mcos%d: no LWK CPUs from mcctrl (is mcctrl.ko "
			"loaded?): %s\n", opt->os, n < 0 ? strerror(errno) : "none");
		exit(1);
	}
	if (opt->cpu >= n) {
		fprintf(stderr, "mcexec: -c %d: the LWK has CPUs 0-%d\n", opt->cpu, n - 1);
		exit(1);
	}
	return n;
}

static void find(const char *name, char *path, size_t len)
{
	int err = find_program(name, path, len);

	if (err == -ENOENT) {
		fprintf(stderr, "error: finding file: %s\n", name);
		exit(1);
	}
	if (err) {
		fprintf(stderr, "mcexec: %s: %s\n", path, strerror(-err));
		exit(1);
	}
}

static void prepare(struct program_load_desc *desc)
{
	if (!desc) {
		perror("mcexec: describing the program");
		exit(1);
	}
	if (ioctl(mcos_fd, MCEXEC_UP_PREPARE_IMAGE, desc) < 0) {
		perror("prepare");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static struct program prog;
	static char path[PATH_MAX];
	struct program_load_desc *desc;
	struct options opt;
	int ncpus;

	leave_low_layout(argv);
	parse_options(argc, argv, &opt);
	open_device(opt.os);
	find(opt.argv[0], path, sizeof(path));
	if (load_program(&prog, path, opt.argc, opt.argv) < 0)
		return 1;
	ncpus = lwk_cpus(&opt);
	desc = make_desc(&prog, opt.cpu, environ);
	prepare(desc);
	if (copy_sections(&prog, desc) < 0)
		return 1;
	block_forwarded_signals();
	if (start_workers(ncpus + 1) < 0)
		return 1;
	/* From here a Ctrl-C is the program's, even one typed before it starts. */
	forward_signals();
	if (ioctl(mcos_fd, MCEXEC_UP_START_IMAGE, 0) < 0) {
		perror("start");
		return 1;
	}
	/* The workers end mcexec when the process ends. */
	for (;;)
		pause();
}
