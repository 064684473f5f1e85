/*
 * Native side of the x86 differential tests: runs generated snippets on this machine's CPU.
 *
 * Reads cases from stdin and writes one result state per case to stdout (layout in
 * ../src/layout.ts, which is the one definition of it). Each snippet runs at the same fixed
 * addresses the core uses (CODE_BASE, DATA_BASE), so addresses pushed or computed by the
 * snippet agree on both sides. Faults come back as signals; the kernel's trap number is the
 * x86 vector, and the registers at the fault are the precise state before the instruction.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define CODE_BASE 0x00010000u
#define DATA_BASE 0x00020000u
#define PAGE 4096u
#define MAX_CODE 48u
#define FX_BYTES 512u
#define WINDOW 512u

struct state {
	uint32_t gpr[8];
	uint32_t eflags;
	uint32_t faulted;
	uint32_t vector;
	uint32_t eip;
	uint8_t fx[FX_BYTES];
	uint8_t mem[WINDOW];
};

extern uint8_t x86diff_in_fx[FX_BYTES], x86diff_out_fx[FX_BYTES];
extern uint32_t x86diff_in_gpr[8], x86diff_out_gpr[8];
extern uint32_t x86diff_in_eflags, x86diff_out_eflags;
extern uint32_t x86diff_exit_ptr, x86diff_code_entry;
extern void x86diff_enter(void);
extern void x86diff_restore_host_fx(void);

static sigjmp_buf escape;
static struct state fault_state;

static void on_fault(int sig, siginfo_t *info, void *context)
{
	const ucontext_t *uc = context;
	const greg_t *g = uc->uc_mcontext.gregs;
	static const int order[8] = { REG_EAX, REG_ECX, REG_EDX, REG_EBX,
				      REG_UESP, REG_EBP, REG_ESI, REG_EDI };
	(void)sig;
	(void)info;
	for (int i = 0; i < 8; i++)
		fault_state.gpr[i] = (uint32_t)g[order[i]];
	fault_state.eflags = (uint32_t)g[REG_EFL];
	fault_state.vector = (uint32_t)g[REG_TRAPNO];
	fault_state.eip = (uint32_t)g[REG_EIP];
	siglongjmp(escape, 1);
}

static void install_handlers(void)
{
	static uint8_t alt[65536];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
	struct sigaction sa;
	const int sigs[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGTRAP };

	if (sigaltstack(&ss, NULL) != 0) {
		perror("sigaltstack");
		exit(2);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

static void map_fixed(uint32_t addr, int prot)
{
	void *p = mmap((void *)addr, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (void *)addr) {
		fprintf(stderr, "x86diff runner: cannot map 0x%08x\n", addr);
		exit(2);
	}
}

/* Copies the snippet to CODE_BASE and appends `jmp [x86diff_exit_ptr]` (ff 25 abs32). */
static void place_code(const uint8_t *code, uint32_t len)
{
	uint8_t *dst = (uint8_t *)CODE_BASE;
	uint32_t ptr = (uint32_t)&x86diff_exit_ptr;

	memset(dst, 0xcc, PAGE);
	memcpy(dst, code, len);
	dst[len] = 0xff;
	dst[len + 1] = 0x25;
	memcpy(dst + len + 2, &ptr, 4);
}

static void run_case(const uint8_t *code, uint32_t len, const struct state *in, struct state *out)
{
	place_code(code, len);
	memset((void *)DATA_BASE, 0, PAGE);
	memcpy((void *)DATA_BASE, in->mem, WINDOW);
	memcpy(x86diff_in_gpr, in->gpr, sizeof in->gpr);
	memcpy(x86diff_in_fx, in->fx, FX_BYTES);
	x86diff_in_eflags = in->eflags;
	x86diff_code_entry = CODE_BASE;

	memset(out, 0, sizeof *out);
	if (sigsetjmp(escape, 1) == 0) {
		x86diff_enter();
		memcpy(out->gpr, x86diff_out_gpr, sizeof out->gpr);
		out->eflags = x86diff_out_eflags;
		memcpy(out->fx, x86diff_out_fx, FX_BYTES);
		out->eip = CODE_BASE + len;
	} else {
		x86diff_restore_host_fx();
		memcpy(out->gpr, fault_state.gpr, sizeof out->gpr);
		out->eflags = fault_state.eflags;
		out->faulted = 1;
		out->vector = fault_state.vector;
		out->eip = fault_state.eip;
		memcpy(out->fx, in->fx, FX_BYTES);
	}
	memcpy(out->mem, (void *)DATA_BASE, WINDOW);
}

int main(void)
{
	static struct state in, out;
	uint32_t len;
	uint8_t code[MAX_CODE];

	install_handlers();
	map_fixed(CODE_BASE, PROT_READ | PROT_WRITE | PROT_EXEC);
	map_fixed(DATA_BASE, PROT_READ | PROT_WRITE);
	while (fread(&len, 4, 1, stdin) == 1) {
		if (len > MAX_CODE - 6 || fread(code, MAX_CODE, 1, stdin) != 1 ||
		    fread(&in, sizeof in, 1, stdin) != 1) {
			fprintf(stderr, "x86diff runner: malformed case\n");
			return 2;
		}
		run_case(code, len, &in, &out);
		fwrite(&out, sizeof out, 1, stdout);
	}
	return 0;
}
