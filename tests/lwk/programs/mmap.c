/* The mmap family on the LWK: anonymous memory, munmap, mprotect, mremap, madvise and a
 * private file mapping filled by the LWK through an offloaded pread64. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static int resident(void *p, size_t len)
{
	unsigned char v[4];

	return mincore(p, len, v) == 0;
}

int main(void)
{
	size_t len = 5 * 4096;
	char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED)
		return 1;
	printf("zeroed=%d\n", a[0] == 0 && a[len - 1] == 0);
	memset(a, 'x', len);
	printf("munmap=%d\n", munmap(a + 4096, 4096));
	printf("hole=%d,%d\n", resident(a, 4096), resident(a + 4096, 4096));
	printf("mprotect=%d\n", mprotect(a, 4096, PROT_READ));
	int r = mprotect(a, 3 * 4096, PROT_READ);
	printf("mprotect-hole=%d errno=%d\n", r, errno);
	char *b = mremap(a + 2 * 4096, 3 * 4096, 64 * 4096, MREMAP_MAYMOVE);
	printf("mremap=%d kept=%d grown=%d\n", b != MAP_FAILED, b[0] == 'x' && b[3 * 4096 - 1] == 'x', b[64 * 4096 - 1] == 0);
	madvise(b, 4096, MADV_DONTNEED);
	printf("dontneed=%d\n", b[0] == 0);
	char *fixed = mmap(b, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("noreplace=%d errno=%d\n", fixed == MAP_FAILED, errno);
	int fd = open("/data/words.txt", O_RDONLY);
	char *f = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 4096);
	printf("file=%.5s|%d\n", f, f[8191 - 4096 + 10] == 0);
	char *bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 77, 0);
	printf("badfd=%d errno=%d\n", bad == MAP_FAILED, errno);
	void *big = mmap(NULL, 0x90000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("bigmap=%d errno=%d\n", big == MAP_FAILED, errno);
	char *res = mmap(NULL, 64 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	r = mprotect(res + (32 << 20), 8192, PROT_READ | PROT_WRITE);
	res[(32 << 20) + 8191] = 'r';
	printf("reserve=%d opened=%d,%c\n", res != MAP_FAILED, r, res[(32 << 20) + 8191]);
	close(fd);
	return 0;
}
