/* Many allocations of many sizes (brk for small ones, mmap for large ones), freed and
 * reallocated, with their contents checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 400

int main(void)
{
	static char *p[N];
	static size_t len[N];
	unsigned long sum = 0;

	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < N; i++) {
			len[i] = (i * 7919u + round * 31u) % (i % 40 == 0 ? 300000 : 2000) + 1;
			p[i] = malloc(len[i]);
			if (!p[i])
				return 1;
			memset(p[i], (i + round) & 0xff, len[i]);
		}
		for (int i = 0; i < N; i += 3) {
			p[i] = realloc(p[i], len[i] * 2);
			if (!p[i])
				return 2;
			memset(p[i] + len[i], (i + round) & 0xff, len[i]);
			len[i] *= 2;
		}
		for (int i = 0; i < N; i++) {
			for (size_t j = 0; j < len[i]; j += 97)
				if ((unsigned char)p[i][j] != ((i + round) & 0xff))
					return 3;
			sum += len[i];
			free(p[i]);
		}
	}
	printf("sum=%lu\n", sum);
	return 0;
}
