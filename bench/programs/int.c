/* Integer benchmark: a prime sieve, CRC32 and a hash table, repeated ROUNDS times. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIEVE 200000
#define TABLE 4096

static unsigned char composite[SIEVE];
static uint32_t keys[TABLE];

static int sieve(void)
{
	int count = 0;
	memset(composite, 0, sizeof composite);
	for (int i = 2; i < SIEVE; i++) {
		if (composite[i])
			continue;
		count++;
		for (int j = 2 * i; j < SIEVE; j += i)
			composite[j] = 1;
	}
	return count;
}

static uint32_t crc32(const unsigned char *p, int n)
{
	uint32_t crc = 0xffffffffu;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static int hashing(uint32_t seed)
{
	int hits = 0;
	memset(keys, 0, sizeof keys);
	for (int i = 0; i < 20000; i++) {
		seed = seed * 1664525u + 1013904223u;
		uint32_t k = seed | 1, h = (k * 2654435761u) >> 20;
		while (keys[h] != 0 && keys[h] != k)
			h = (h + 1) & (TABLE - 1);
		hits += keys[h] == k;
		if (i % 5 != 0)
			keys[h] = k;
		if (i % 3000 == 2999)
			memset(keys, 0, sizeof keys);
	}
	return hits;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;
	uint32_t acc = 0;
	for (int r = 0; r < rounds; r++)
		acc += (uint32_t)sieve() + crc32(composite, 50000) + (uint32_t)hashing((uint32_t)r);
	printf("%08x\n", acc);
	return 0;
}
