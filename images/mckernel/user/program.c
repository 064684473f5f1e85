// SPDX-License-Identifier: GPL-2.0
/*
 * The program mcexec runs: found in PATH as execvp finds it, #! scripts resolved to their
 * interpreter as Linux's binfmt_script does, and described to the LWK in a program_load_desc
 * (sections, entry points, auxv values, credentials, argv and envp strings).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mcexec.h"

/* Linux reads this much of a file to look for "#!" (BINPRM_BUF_SIZE). */
#define SCRIPT_HEAD 256

static int is_program(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Like execvp: a name with a slash is a path; otherwise the first match in $PATH.
 * Returns 0, -ENOENT (nothing found) or -EACCES (found, but not an executable file). */
int find_program(const char *name, char *path, size_t len)
{
	const char *dirs = getenv("PATH");
	const char *dir, *end;

	if (strchr(name, '/')) {
		if (snprintf(path, len, "%s", name) >= (int)len || access(path, F_OK) < 0)
			return -ENOENT;
		return is_program(path) ? 0 : -EACCES;
	}
	if (!dirs)
		dirs = "/bin:/usr/bin";
	for (dir = dirs; ; dir = end + 1) {
		int dlen;

		end = strchrnul(dir, ':');
		dlen = end - dir;
		/* An empty PATH entry means the current directory. */
		if (snprintf(path, len, "%.*s%s%s", dlen, dir, dlen ? "/" : "", name) < (int)len &&
		    is_program(path))
			return 0;
		if (!*end)
			return -ENOENT;
	}
}

/* Splits a "#!interp [arg]" line in place; returns 1 for a script, 0 otherwise, -1 if bad. */
static int parse_shebang(char *head, ssize_t n, char **interp, char **arg)
{
	char *p, *eol;

	if (n < 2 || head[0] != '#' || head[1] != '!')
		return 0;
	head[n] = '\0';
	eol = strchr(head, '\n');
	if (eol)
		*eol = '\0';
	for (p = head + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -1;
	*interp = p;
	p += strcspn(p, " \t");
	*arg = NULL;
	if (*p) {
		char *last;

		*p++ = '\0';
		p += strspn(p, " \t");
		for (last = p + strlen(p); last > p && (last[-1] == ' ' || last[-1] == '\t'); last--)
			;
		*last = '\0';
		if (*p)
			*arg = p;
	}
	return 1;
}

static int read_head(const char *path, char *head)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f) {
		fprintf(stderr, "mcexec: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(head, 1, SCRIPT_HEAD, f);
	fclose(f);
	return n;
}

/* argv for a script: interp [arg] script args[1..], as the kernel builds it. */
static char **script_argv(const char *interp, const char *arg, const char *script,
			  int argc, char **argv, int *new_argc)
{
	char **v = malloc((argc + 3) * sizeof(*v));
	int n = 0, i;

	if (!v)
		return NULL;
	v[n++] = strdup(interp);
	if (arg)
		v[n++] = strdup(arg);
	v[n++] = strdup(script);
	for (i = 0; i < n; i++)
		if (!v[i])
			return NULL;
	for (i = 1; i < argc; i++)
		v[n++] = argv[i];
	v[n] = NULL;
	*new_argc = n;
	return v;
}

/* Follows #! lines to an ELF file and reads it and its interpreter into prog. */
int load_program(struct program *prog, const char *path, int argc, char **argv)
{
	char head[SCRIPT_HEAD + 1];
	char *interp, *arg;
	int depth;

	snprintf(prog->path, sizeof(prog->path), "%s", path);
	prog->argc = argc;
	prog->argv = argv;
	for (depth = 0; ; depth++) {
		int n = read_head(prog->path, head), kind;

		if (n < 0)
			return -1;
		kind = parse_shebang(head, n, &interp, &arg);
		if (kind == 0)
			break;
		if (kind < 0) {
			fprintf(stderr, "mcexec: %s: no interpreter on the #! line\n", prog->path);
			return -1;
		}
		if (depth == MCEXEC_MAX_SCRIPTS) {
			fprintf(stderr, "mcexec: %s: %s\n", path, strerror(ELOOP));
			return -1;
		}
		prog->argv = script_argv(interp, arg, prog->path, prog->argc, prog->argv,
					 &prog->argc);
		if (!prog->argv) {
			perror("mcexec");
			return -1;
		}
		snprintf(prog->path, sizeof(prog->path), "%s", interp);
	}
	if (read_elf(prog, prog->path, 0) < 0)
		return -1;
	return prog->interp[0] ? read_elf(prog, prog->interp, 1) : 0;
}

static size_t strings_len(char **v, unsigned int *count)
{
	size_t len = 0;

	for (*count = 0; v[*count]; (*count)++)
		len += strlen(v[*count]) + 1;
	return len;
}

static char *put_strings(char *to, char **v)
{
	for (; *v; v++)
		to = stpcpy(to, *v) + 1;
	return to;
}

static unsigned int stack_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > UINT_MAX)
		return 0;
	return rl.rlim_cur;
}

static void fill_head(struct program_load_desc *d, const struct program *prog, int cpu)
{
	d->pid = getpid();
	d->ppid = getppid();
	d->cpu = cpu;
	d->uid = getuid();
	d->euid = geteuid();
	d->gid = getgid();
	d->egid = getegid();
	d->nr_sections = prog->nr_sections;
	d->entry = prog->entry;
	d->interp_entry = prog->interp_entry;
	d->phdr = prog->phdr;
	d->phnum = prog->phnum;
	d->phent = prog->phent;
	d->prog_dyn = prog->dyn;
	d->stack_size = stack_limit();
}

/* The description PREPARE_IMAGE takes: head, sections, argv strings, envp strings. */
struct program_load_desc *make_desc(const struct program *prog, int cpu, char **envp)
{
	unsigned int argc, envc;
	size_t args_len = strings_len(prog->argv, &argc);
	size_t envs_len = strings_len(envp, &envc);
	size_t sections = prog->nr_sections * sizeof(struct program_section);
	size_t size = sizeof(struct program_load_desc) + sections + args_len + envs_len;
	struct program_load_desc *d = calloc(1, size);
	char *strings;

	if (!d)
		return NULL;
	d->size = size;
	fill_head(d, prog, cpu);
	d->argc = argc;
	d->envc = envc;
	d->args_len = args_len;
	d->envs_len = envs_len;
	/* Like Linux's own AT_RANDOM: never waits for the entropy pool (early after boot). */
	if (getrandom(d->at_random, sizeof(d->at_random), GRND_INSECURE) != sizeof(d->at_random)) {
		free(d);
		return NULL;
	}
	memcpy(d + 1, prog->sections, sections);
	strings = (char *)(d + 1) + sections;
	put_strings(put_strings(strings, prog->argv), envp);
	return d;
}
