/* Takes memory 1 MiB at a time until the LWK says ENOMEM, then gives it back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	static void *blocks[4096];
	int n = 0;

	while (n < 4096 && (blocks[n] = malloc(1 << 20)) != NULL) {
		memset(blocks[n], 1, 1 << 20);
		n++;
	}
	int err = errno;
	for (int i = 0; i < n; i++)
		free(blocks[i]);
	printf("blocks=%d enomem=%d\n", n > 2, err == ENOMEM);
	return 0;
}
