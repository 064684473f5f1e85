/* setjmp/longjmp: out of deep recursion, repeatedly, with volatile locals kept. */
#include <setjmp.h>
#include <stdio.h>
#include "programs.h"

static jmp_buf env;

static int descend(int depth, int limit)
{
	volatile char pad[64];
	pad[depth % 64] = (char)depth;
	if (depth > limit)
		return 0;
	if (depth == limit)
		longjmp(env, depth + pad[depth % 64]);
	return descend(depth + 1, limit) + 1;
}

int jumps_main(void)
{
	volatile int rounds = 0;
	volatile long total = 0;
	int r = setjmp(env);
	total += r;
	if (rounds < 20) {
		rounds++;
		descend(0, rounds * 37 % 100 + 1);
	}
	printf("rounds=%d total=%ld\n", rounds, total);
	jmp_buf inner;
	volatile int stage = 0;
	if (setjmp(inner) == 0) {
		stage = 1;
		longjmp(inner, 0); /* longjmp with 0 makes setjmp return 1 */
	}
	printf("stage=%d\n", stage);
	return 0;
}
