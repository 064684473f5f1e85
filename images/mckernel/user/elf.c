// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the program's ELF file in user space, as McKernel's mcexec does: the header must be
 * ELF32 i386 ET_EXEC or ET_DYN; PT_LOAD segments become program_sections, PT_INTERP names the
 * interpreter, PT_PHDR (or the loaded header) gives AT_PHDR. Once the LWK allocated the pages,
 * copy_sections() reads each segment's file bytes straight to where the process sees them:
 * mcctrl mirrors the LWK process's user space into ours at the same addresses.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mcexec.h"

#define PAGE_SIZE 4096u

static int not_i386(const char *path, const char *why)
{
	fprintf(stderr, "mcexec: %s: not an i386 ELF executable (%s)\n", path, why);
	return -1;
}

static int bad_elf(const char *path, const char *why)
{
	fprintf(stderr, "mcexec: %s: bad ELF file (%s)\n", path, why);
	return -1;
}

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int check_ehdr(const char *path, const unsigned char *buf, ssize_t n)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)buf;
	char why[48];

	if (n < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG))
		return not_i386(path, "not an ELF file");
	if (buf[EI_CLASS] == ELFCLASS64)
		return not_i386(path, "ELF64");
	if (buf[EI_CLASS] != ELFCLASS32 || n < (ssize_t)sizeof(*eh))
		return not_i386(path, "unknown ELF class");
	if (buf[EI_DATA] != ELFDATA2LSB)
		return not_i386(path, "big-endian");
	if (eh->e_machine != EM_386) {
		snprintf(why, sizeof(why), "machine %u", eh->e_machine);
		return not_i386(path, why);
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		snprintf(why, sizeof(why), "ELF type %u is not a program", eh->e_type);
		return not_i386(path, why);
	}
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > MCEXEC_MAX_PHNUM)
		return bad_elf(path, "program headers");
	return 0;
}

static unsigned int prot_of(Elf32_Word flags)
{
	return (flags & PF_R ? MCK_PROT_READ : 0) |
	       (flags & PF_W ? MCK_PROT_WRITE : 0) |
	       (flags & PF_X ? MCK_PROT_EXEC : 0);
}

/* A segment must lie in the file and map the way mmap would (offset ≡ vaddr mod page). */
static int check_load(const char *path, const Elf32_Phdr *ph, off_t file_size)
{
	if (ph->p_filesz > ph->p_memsz || ph->p_memsz == 0)
		return bad_elf(path, "segment sizes");
	if ((ph->p_offset - ph->p_vaddr) % PAGE_SIZE)
		return bad_elf(path, "segment offset and address not page-congruent");
	if ((off_t)ph->p_offset + ph->p_filesz > file_size)
		return bad_elf(path, "segment beyond the end of the file");
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr)
		return bad_elf(path, "segment wraps around");
	return 0;
}

static int add_section(struct program *prog, const char *path, const Elf32_Phdr *ph,
		       int is_interp)
{
	struct program_section *s;

	if (prog->nr_sections == MCEXEC_MAX_SECTIONS)
		return bad_elf(path, "too many segments");
	s = &prog->sections[prog->nr_sections++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_offset;
	s->prot = prot_of(ph->p_flags);
	s->interp = is_interp;
	return 0;
}

static int read_interp_name(struct program *prog, const char *path, int fd,
			    const Elf32_Phdr *ph)
{
	if (ph->p_filesz < 2 || ph->p_filesz > sizeof(prog->interp))
		return bad_elf(path, "PT_INTERP");
	if (pread_all(fd, prog->interp, ph->p_filesz, ph->p_offset) < 0 ||
	    prog->interp[ph->p_filesz - 1] != '\0')
		return bad_elf(path, "PT_INTERP");
	return 0;
}

/* AT_PHDR: PT_PHDR when there is one, else where a PT_LOAD maps the program headers. */
static unsigned int find_phdr(const Elf32_Ehdr *eh, const Elf32_Phdr *ph)
{
	int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr;
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			return ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
	return 0;
}

/* An ET_EXEC's segments must fit the LWK's user space; an ET_DYN's span must. */
static int check_placement(const struct program *prog, const char *path, unsigned int first,
			   int is_dyn)
{
	unsigned int lo = UINT32_MAX, hi = 0, i;

	for (i = first; i < prog->nr_sections; i++) {
		const struct program_section *s = &prog->sections[i];

		if (s->vaddr < lo)
			lo = s->vaddr;
		if (s->vaddr + s->memsz > hi)
			hi = s->vaddr + s->memsz;
	}
	if (is_dyn ? hi - lo <= MCK_USER_END - MCK_USER_START
		   : lo >= MCK_USER_START && hi <= MCK_USER_END)
		return 0;
	fprintf(stderr, "mcexec: %s: segments at 0x%x-0x%x do not fit the LWK's user space "
		"(0x%x-0x%x)\n", path, lo, hi, MCK_USER_START, MCK_USER_END);
	return -1;
}

static int read_segments(struct program *prog, const char *path, int fd, int is_interp)
{
	unsigned char buf[sizeof(Elf32_Ehdr)];
	Elf32_Phdr ph[MCEXEC_MAX_PHNUM];
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)buf;
	unsigned int first = prog->nr_sections;
	struct stat st;
	ssize_t n;
	int i;

	if (fstat(fd, &st) < 0)
		return -1;
	n = pread(fd, buf, sizeof(buf), 0);
	if (check_ehdr(path, buf, n) < 0)
		return -1;
	if (pread_all(fd, ph, eh->e_phnum * sizeof(*ph), eh->e_phoff) < 0)
		return bad_elf(path, "program headers beyond the end of the file");
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD) {
			if (check_load(path, &ph[i], st.st_size) < 0 ||
			    add_section(prog, path, &ph[i], is_interp) < 0)
				return -1;
		} else if (ph[i].p_type == PT_INTERP && !is_interp) {
			if (read_interp_name(prog, path, fd, &ph[i]) < 0)
				return -1;
		}
	}
	if (prog->nr_sections == first)
		return bad_elf(path, "no PT_LOAD segment");
	if (check_placement(prog, path, first, eh->e_type == ET_DYN) < 0)
		return -1;
	if (is_interp) {
		prog->interp_entry = eh->e_entry;
		return 0;
	}
	prog->entry = eh->e_entry;
	prog->phdr = find_phdr(eh, ph);
	prog->phnum = eh->e_phnum;
	prog->phent = eh->e_phentsize;
	prog->dyn = eh->e_type == ET_DYN;
	return 0;
}

/* Reads the program's (is_interp = 0) or its interpreter's (1) ELF headers into prog. */
int read_elf(struct program *prog, const char *path, int is_interp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0) {
		fprintf(stderr, "mcexec: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = read_segments(prog, path, fd, is_interp);
	close(fd);
	return ret;
}

/*
 * Copies a segment's file bytes from the start of its first page, as an mmap of the file
 * would show them; the LWK zeroed the pages, so the rest (bss) is already right.
 */
static int copy_section(int fd, const char *path, const struct program_section *s,
			unsigned int bias)
{
	unsigned int lead = s->vaddr % PAGE_SIZE;
	uintptr_t to = s->vaddr - lead + bias;
	int err;

	if (s->filesz == 0)
		return 0;
	err = pread_all(fd, (void *)to, s->filesz + lead, s->offset - lead);
	if (!err)
		return 0;
	fprintf(stderr, "mcexec: %s: loading the segment at 0x%x: %s\n", path,
		s->vaddr + bias, strerror(-err));
	return -1;
}

static int copy_file_sections(const char *path, const struct program *prog, int interp,
			      unsigned int bias)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned int i;

	if (fd < 0) {
		fprintf(stderr, "mcexec: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < prog->nr_sections; i++) {
		if (prog->sections[i].interp != (unsigned int)interp)
			continue;
		if (copy_section(fd, path, &prog->sections[i], bias) < 0) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

/* After PREPARE_IMAGE: fill the LWK's pages with the program's and interpreter's bytes. */
int copy_sections(const struct program *prog, const struct program_load_desc *desc)
{
	if (copy_file_sections(prog->path, prog, 0, desc->prog_bias) < 0)
		return -1;
	if (prog->interp[0] && copy_file_sections(prog->interp, prog, 1, desc->interp_bias) < 0)
		return -1;
	return 0;
}
