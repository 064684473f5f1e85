/* printf and scanf of integers and doubles: reads "n" then n lines of "int double" from stdin. */
#include <stdio.h>
#include "programs.h"

int stdio_main(void)
{
	int n;
	if (scanf("%d", &n) != 1)
		return 1;
	long long isum = 0;
	double dsum = 0;
	for (int i = 0; i < n; i++) {
		int k;
		double d;
		if (scanf("%i %lf", &k, &d) != 2)
			return 1;
		isum += k;
		dsum += d;
		printf("%d %x %o | %e %f %g %.17g %a\n", k, (unsigned)k, (unsigned)k, d, d, d, d, d);
	}
	printf("sum: %lld %.17g %.3e\n", isum, dsum, dsum);
	char word[32];
	unsigned u;
	float f;
	if (scanf("%31s %u %f", word, &u, &f) == 3)
		printf("tail: %s %u %.9g\n", word, u, (double)f);
	return 0;
}
