// Linux i386 signal numbers, flags and codes, and each signal's default action.

export const SIGINT = 2;
const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
const SIGABRT = 6;
const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
const SIGCHLD = 17;
const SIGCONT = 18;
export const SIGSTOP = 19;
const SIGTSTP = 20;
const SIGTTIN = 21;
const SIGTTOU = 22;
const SIGURG = 23;
const SIGXCPU = 24;
const SIGXFSZ = 25;
const SIGWINCH = 28;
const SIGSYS = 31;
export const NSIG = 64;

export const SA_SIGINFO = 0x00000004;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTORER = 0x04000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const ILL_ILLOPN = 2;
export const FPE_INTDIV = 1;
export const TRAP_BRKPT = 1;

type sig_default_action = "term" | "core" | "ignore" | "stop" | "continue";

export function sig_default(sig: number): sig_default_action {
  switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
      return "core";
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return "ignore";
    case SIGCONT:
      return "continue";
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return "stop";
    default:
      return "term";
  }
}

export function sigbit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** Signals no mask can block. */
export const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

export function sigset_from_words(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function sigset_words(set: bigint): [number, number] {
  return [Number(set & 0xffffffffn), Number((set >> 32n) & 0xffffffffn)];
}
