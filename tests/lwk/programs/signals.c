/* Signal delivery on the LWK: handlers with and without SA_SIGINFO, masks, pending signals,
 * SA_RESETHAND, SA_NODEFER, the FPU state of the interrupted code, faults turned into
 * SIGSEGV/SIGFPE/SIGILL and left with siglongjmp, and the alternate signal stack. */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static volatile int usr1, usr2, code, pid_ok, nodefer_unblocked, round_in_handler;
static volatile void *fault_addr;
static volatile int fault_code;
static sigjmp_buf env;
static char altstack[16384];
static volatile int on_alt;

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	usr1++;
	code = info->si_code;
	pid_ok = info->si_pid == getpid() && sig == SIGUSR1 && info->si_signo == SIGUSR1;
}

static void on_usr2(int sig)
{
	sigset_t now;

	usr2 += sig == SIGUSR2;
	sigprocmask(SIG_BLOCK, NULL, &now);
	nodefer_unblocked = !sigismember(&now, SIGUSR2);
	fesetround(FE_DOWNWARD);
	round_in_handler = fegetround() == FE_DOWNWARD;
}

static void on_fault(int sig, siginfo_t *info, void *uc)
{
	char here;

	(void)uc;
	fault_addr = info->si_addr;
	fault_code = info->si_code;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
	siglongjmp(env, sig);
}

static int trap(void (*what)(void))
{
	int sig = sigsetjmp(env, 1);

	if (sig == 0) {
		what();
		return 0;
	}
	return sig;
}

static char *ro_page;
static volatile int zero;

static void write_ro(void) { ro_page[5] = 1; }
static void null_read(void) { fault_addr = (void *)(long)*(volatile int *)0; }
static void divide(void) { zero = 10 / zero; }
static void undefined(void) { __asm__ volatile("ud2"); }

int main(void)
{
	struct sigaction sa;
	sigset_t set, pending;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	printf("usr1=%d code=%d pid_ok=%d\n", usr1, code, pid_ok);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("blocked: usr1=%d pending=%d\n", usr1, sigismember(&pending, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("unblocked: usr1=%d code=%d\n", usr1, code);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigaction(SIGUSR2, &sa, NULL);
	fesetround(FE_UPWARD);
	raise(SIGUSR2);
	sigaction(SIGUSR2, NULL, &sa);
	printf("usr2=%d nodefer=%d reset=%d round_kept=%d handler_round=%d\n", usr2, nodefer_unblocked,
	       sa.sa_handler == SIG_DFL, fegetround() == FE_UPWARD, round_in_handler);
	fesetround(FE_TONEAREST);

	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int sig = trap(write_ro);
	printf("ro write: sig=%d addr_ok=%d code=%d alt=%d\n", sig, fault_addr == ro_page + 5, fault_code, on_alt);
	sig = trap(null_read);
	printf("null read: sig=%d addr=%p code=%d\n", sig, fault_addr, fault_code);
	sig = trap(divide);
	printf("divide: sig=%d code=%d\n", sig, fault_code);
	sig = trap(undefined);
	printf("ud2: sig=%d code=%d\n", sig, fault_code);
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	printf("ignored: usr1=%d\n", usr1);
	return 0;
}
