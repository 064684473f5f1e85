/*
 * sudo for cn01: runs one command as root for the lab user, without a
 * password, the way a lab node's sudoers "NOPASSWD: ALL" line would.
 *
 *   sudo [-s] [--] [COMMAND [ARG...]]
 *
 * Installed setuid root. Only root and the members of group "sudo" may use
 * it. The environment is kept, except that PATH gets the system directories
 * and USER/LOGNAME/HOME name root; SUDO_USER, SUDO_UID and SUDO_GID record
 * who asked, as real sudo does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SECURE_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static void usage(void)
{
	fprintf(stderr, "usage: sudo [-s] [--] command [arg ...]\n");
	exit(1);
}

/* True when @uid is root or a member of group "sudo". */
static int may_use_sudo(uid_t uid, const struct passwd *pw)
{
	struct group *gr;
	char **member;

	if (uid == 0)
		return 1;
	gr = getgrnam("sudo");
	if (!gr)
		return 0;
	if (pw->pw_gid == gr->gr_gid)
		return 1;
	for (member = gr->gr_mem; *member; member++)
		if (strcmp(*member, pw->pw_name) == 0)
			return 1;
	return 0;
}

static void set_invoker_env(uid_t uid, gid_t gid, const char *name)
{
	char num[16];

	setenv("SUDO_USER", name, 1);
	snprintf(num, sizeof(num), "%u", (unsigned)uid);
	setenv("SUDO_UID", num, 1);
	snprintf(num, sizeof(num), "%u", (unsigned)gid);
	setenv("SUDO_GID", num, 1);
	setenv("USER", "root", 1);
	setenv("LOGNAME", "root", 1);
	setenv("HOME", "/root", 1);
	setenv("PATH", SECURE_PATH, 1);
}

static void become_root(void)
{
	if (setgroups(0, NULL) != 0 || setgid(0) != 0 || setuid(0) != 0) {
		fprintf(stderr, "sudo: cannot become root: %s (is sudo setuid root?)\n",
			strerror(errno));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	struct passwd *pw = getpwuid(uid);
	char *shell_argv[] = { NULL, NULL };
	char **cmd;
	int i = 1;

	if (!pw) {
		fprintf(stderr, "sudo: you do not exist in the passwd database\n");
		return 1;
	}
	if (!may_use_sudo(uid, pw)) {
		fprintf(stderr, "%s is not in the sudoers file.\n", pw->pw_name);
		return 1;
	}
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		shell_argv[0] = getenv("SHELL") ? getenv("SHELL") : "/bin/sh";
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i < argc && argv[i][0] == '-')
		usage();
	if (i == argc && !shell_argv[0])
		usage();
	cmd = i < argc ? &argv[i] : shell_argv;

	set_invoker_env(uid, gid, pw->pw_name);
	become_root();
	execvp(cmd[0], cmd);
	fprintf(stderr, "sudo: %s: %s\n", cmd[0],
		errno == ENOENT ? "command not found" : strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
