/* String and memory functions of the C library. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "programs.h"

static void memory(void)
{
	char buf[256];
	for (int i = 0; i < 256; i++)
		buf[i] = (char)i;
	memmove(buf + 3, buf, 100); /* overlapping, forwards */
	memmove(buf + 150, buf + 160, 60); /* overlapping, backwards */
	memset(buf + 10, 'z', 17);
	unsigned sum = 0;
	for (int i = 0; i < 256; i++)
		sum = sum * 31 + (unsigned char)buf[i];
	char copy[256];
	memcpy(copy, buf, sizeof buf);
	/* no memchr: a tcc object calling glibc's static IFUNC memchr gets the resolver's result */
	printf("memory: sum=%08x cmp=%d\n", sum, memcmp(copy, buf, 256));
}

static void text(void)
{
	char s[128] = "The quick brown fox jumps over the lazy dog";
	char words[16][16];
	int n = 0;
	for (char *t = strtok(s, " "); t && n < 16; t = strtok(NULL, " "))
		strcpy(words[n++], t);
	printf("words=%d first=%s last=%s\n", n, words[0], words[n - 1]);
	printf("strlen=%zu strcmp=%d strncmp=%d\n", strlen("hello, world"), strcmp("abc", "abd") < 0, strncmp("abcdef", "abcxyz", 3));
	const char *hay = "needle in a haystack with a needle";
	printf("strstr=%td strchr=%td strrchr=%td\n", strstr(hay, "hay") - hay, strchr(hay, 'w') - hay, strrchr(hay, 'n') - hay);
	char up[32];
	int i = 0;
	for (const char *p = "Mixed Case 123"; *p; p++)
		up[i++] = (char)toupper((unsigned char)*p);
	up[i] = 0;
	printf("upper=%s\n", up);
	char out[128];
	snprintf(out, sizeof out, "[%5d|%-5d|%05d|%x|%X|%o|%c|%10.3s]", 42, 42, 42, 0xbeef, 0xbeef, 8, 'q', "truncated");
	printf("%s\n", out);
	printf("strtol=%ld strtoul=%lu atoi=%d\n", strtol("-0x7fff", NULL, 16), strtoul("4294967295", NULL, 10), atoi("  123abc"));
	char *dup = strdup("duplicate");
	strcat(out, dup);
	printf("strdup=%s strcat=%zu\n", dup, strlen(out));
	free(dup);
}

int strings_main(void)
{
	memory();
	text();
	return 0;
}
