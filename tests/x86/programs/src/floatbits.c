/*
 * Double arithmetic whose every result is stored to memory and printed as raw bits (the
 * first results) and folded into a hash (all 15,000). With x87 code (gcc -m32 without SSE,
 * tcc) each operation rounds to 64 bits in the register and again to 53 bits on the store,
 * so the core must reproduce both roundings to match bit for bit.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "programs.h"

static volatile double sink;

static uint64_t bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

static double value(unsigned *s)
{
	double mant = 1.0 + (double)lcg_next(s) / 2147483648.0 + (double)lcg_next(s) / 4611686018427387904.0;
	int e = (int)(lcg_next(s) % 41) - 20;
	double scale = 1.0;
	for (int i = 0; i < (e < 0 ? -e : e); i++)
		scale *= 2.0;
	return (lcg_next(s) & 1 ? -mant : mant) * (e < 0 ? 1.0 / scale : scale);
}

int floatbits_main(void)
{
	unsigned s = 2024;
	uint64_t hash = 0;
	for (int i = 0; i < 3000; i++) {
		double a = value(&s), b = value(&s), c = value(&s);
		double r[5];
		r[0] = a + b;
		r[1] = a * b;
		r[2] = a / b;
		r[3] = a * b + c;
		r[4] = (a - c) / (b + c);
		for (int k = 0; k < 5; k++) {
			sink = r[k];
			hash = hash * 1099511628211ull ^ bits(r[k]);
			if (i < 40)
				printf("%d.%d %016llx\n", i, k, (unsigned long long)bits(r[k]));
		}
	}
	printf("hash %016llx\n", (unsigned long long)hash);
	return 0;
}
