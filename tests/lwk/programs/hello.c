/* The first program on the LWK: one offloaded write, then exit_group(0). */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
