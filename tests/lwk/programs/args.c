/* Prints what the LWK put on the initial stack and the identities it keeps; exits with 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elf.h>
#include <sys/auxv.h>
#include <sys/syscall.h>

extern char **environ;

/* The raw auxiliary vector entry (glibc rewrites its own copy of AT_HWCAP on x86). */
static unsigned long auxv(unsigned long type)
{
	char **e = environ;

	while (*e)
		e++;
	for (Elf32_auxv_t *a = (Elf32_auxv_t *)(e + 1); a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *rnd = (unsigned char *)getauxval(AT_RANDOM);

	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("FOO=%s\n", getenv("FOO"));
	printf("pagesz=%lu clktck=%lu hwcap=%#lx secure=%lu\n", getauxval(AT_PAGESZ),
	       getauxval(AT_CLKTCK), auxv(AT_HWCAP), getauxval(AT_SECURE));
	printf("platform=%s execfn=%s\n", (char *)getauxval(AT_PLATFORM), (char *)getauxval(AT_EXECFN));
	printf("random=%u,%u\n", rnd[0], rnd[15]);
	printf("ids=%d,%d,%d,%d,%d,%d,%ld\n", getpid(), getppid(), getuid(), geteuid(), getgid(), getegid(),
	       syscall(SYS_gettid));
	printf("sp-aligned=%d\n", ((unsigned long)argv & 3) == 0);
	return 3;
}
