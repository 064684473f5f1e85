/* Integer and 64-bit arithmetic: products, quotients, shifts, CRC32, a sieve, gcd. */
#include <stdint.h>
#include <stdio.h>
#include "programs.h"

static uint32_t crc32(const unsigned char *p, unsigned n)
{
	uint32_t crc = 0xffffffffu;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int sieve(int limit)
{
	static unsigned char composite[20000];
	int count = 0;
	for (int i = 2; i < limit; i++) {
		if (composite[i])
			continue;
		count++;
		for (int j = i * 2; j < limit; j += i)
			composite[j] = 1;
	}
	return count;
}

static void products(void)
{
	unsigned s = 7;
	int64_t acc = 0;
	uint64_t uacc = 1;
	for (int i = 0; i < 2000; i++) {
		int32_t a = (int32_t)lcg_next(&s) - 0x40000000;
		int32_t b = (int32_t)(lcg_next(&s) % 20001) - 10000;
		int64_t wide = (int64_t)a * b;
		acc += wide / (b ? b : 1) + wide % 977;
		uacc = uacc * 6364136223846793005ull + (uint64_t)(uint32_t)a;
		acc ^= (int64_t)(uacc >> (i % 64)) << (i % 13);
		if (b)
			acc += a / b + a % b;
		acc += (int64_t)((uint64_t)uacc / (uint64_t)(uint32_t)(b | 1));
	}
	printf("products: acc=%lld uacc=%llu hex=%llx\n", (long long)acc, (unsigned long long)uacc, (unsigned long long)uacc);
}

static void shifts(void)
{
	uint32_t x = 0x80000001u;
	int32_t y = -123456789;
	uint64_t z = 0xfedcba9876543210ull;
	for (int i = 0; i < 40; i++) {
		x = (x << 3) | (x >> 29);
		y >>= 1;
		y ^= (int32_t)x;
		z = (z >> (i % 63)) ^ (z << ((i * 7) % 63));
	}
	printf("shifts: x=%08x y=%d z=%016llx\n", x, y, (unsigned long long)z);
}

int intarith_main(void)
{
	static unsigned char buf[4096];
	unsigned s = 1;
	for (unsigned i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)lcg_next(&s);
	products();
	shifts();
	printf("crc32: %08x\n", crc32(buf, sizeof buf));
	printf("primes below 20000: %d\n", sieve(20000));
	printf("gcd: %llu %llu\n", (unsigned long long)gcd64(1234567890123456789ull, 987654321987654321ull),
	       (unsigned long long)gcd64(1ull << 62, 3ull << 40));
	printf("limits: %d %u %lld %llu\n", -2147483647 - 1, 4294967295u, (long long)-9223372036854775807ll - 1,
	       18446744073709551615ull);
	return 0;
}
