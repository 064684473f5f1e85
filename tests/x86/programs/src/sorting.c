/* qsort of integers, doubles and strings, with checksums of the sorted order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "programs.h"

#define N 3000

static int by_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sorting_main(void)
{
	static int ints[N];
	static double doubles[N];
	static char names[N][12];
	static char *ptrs[N];
	unsigned s = 99;
	for (int i = 0; i < N; i++) {
		ints[i] = (int)lcg_next(&s) - 0x3fffffff;
		doubles[i] = (double)(int)lcg_next(&s) / 1000.0 - 1e6;
		snprintf(names[i], sizeof names[i], "k%08x", lcg_next(&s));
		ptrs[i] = names[i];
	}
	qsort(ints, N, sizeof ints[0], by_int);
	qsort(doubles, N, sizeof doubles[0], by_double);
	qsort(ptrs, N, sizeof ptrs[0], by_string);
	unsigned h = 0;
	for (int i = 0; i < N; i++)
		h = h * 33 + (unsigned)ints[i] + (unsigned)(long long)doubles[i] + (unsigned char)ptrs[i][5];
	printf("ints %d .. %d\ndoubles %.3f .. %.3f\nstrings %s .. %s\nhash %08x\n", ints[0], ints[N - 1], doubles[0], doubles[N - 1],
	       ptrs[0], ptrs[N - 1], h);
	return 0;
}
