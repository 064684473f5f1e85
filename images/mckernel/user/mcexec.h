/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcexec: runs a Linux program on the LWK and serves the system calls the LWK offloads.
 * The protocol with mcctrl.ko is described at the top of src/abi/mcctrl.ts.
 */
#ifndef MCEXEC_H
#define MCEXEC_H

#include <limits.h>
#include <mckernel/mcctrl.h>

/* Program headers we accept per ELF file; real programs have fewer than 16. */
#define MCEXEC_MAX_PHNUM 64
/* PT_LOAD segments of the program and its interpreter together. */
#define MCEXEC_MAX_SECTIONS 32
/* Levels of #! scripts before the ELF, as in Linux (ELOOP beyond). */
#define MCEXEC_MAX_SCRIPTS 4

/* What mcexec learned from the program file (and its interpreter). */
struct program {
	char path[PATH_MAX];	/* the ELF file that runs (after #! lines) */
	char interp[PATH_MAX];	/* its PT_INTERP, or "" */
	int argc;
	char **argv;		/* argv as the program sees it (#! rewrites it) */
	unsigned int entry;
	unsigned int interp_entry;
	unsigned int phdr;
	unsigned int phnum;
	unsigned int phent;
	unsigned int dyn;
	unsigned int nr_sections;
	struct program_section sections[MCEXEC_MAX_SECTIONS];
};

/* The open /dev/mcos<N>, moved out of the program's way (see main.c). */
extern int mcos_fd;

/* program.c */
int find_program(const char *name, char *path, size_t len);
int load_program(struct program *prog, const char *path, int argc, char **argv);
struct program_load_desc *make_desc(const struct program *prog, int cpu, char **envp);

/* elf.c */
int read_elf(struct program *prog, const char *path, int is_interp);
int copy_sections(const struct program *prog, const struct program_load_desc *desc);

/* syscall.c */
int start_workers(int count);

/* signal.c */
void block_forwarded_signals(void);
void forward_signals(void);
void forward_sync_signals(unsigned int tid);

#endif /* MCEXEC_H */
