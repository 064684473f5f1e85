/*
 * One static binary holds every test program (a static glibc binary is ~700 KB, so one per
 * build keeps the committed binaries small). `programs NAME` runs the program NAME.
 */
#include <stdio.h>
#include <string.h>
#include "programs.h"

static const struct {
	const char *name;
	int (*run)(void);
} table[] = {
	{ "intarith", intarith_main }, { "strings", strings_main }, { "stdio", stdio_main },
	{ "mathlib", mathlib_main },   { "sorting", sorting_main }, { "jumps", jumps_main },
	{ "spmv", spmv_main },         { "floatbits", floatbits_main },
};

int main(int argc, char **argv)
{
	for (unsigned i = 0; argc == 2 && i < sizeof table / sizeof table[0]; i++)
		if (strcmp(argv[1], table[i].name) == 0)
			return table[i].run();
	fprintf(stderr, "usage: programs NAME (intarith strings stdio mathlib sorting jumps spmv floatbits)\n");
	return 2;
}
