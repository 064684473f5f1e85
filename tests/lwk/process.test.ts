// Real static i386 programs (gcc -m32 -static) run on the LWK on the fake node: the LWK
// prepares the process from a program_load_desc, schedules it on its CPUs' x86 cores, serves
// or offloads its system calls, and reports its exit, as it does for mcexec.

import { beforeAll, describe, expect, it } from "vitest";
import { ihk_mc_free_page_count } from "../../src/lwk/kernel/mem.ts";
import { compileProgram } from "./compile.ts";
import { bootLwk, type ElfProgram, type LwkNode, mcexec, readElf, waitExit } from "./fake-linux.ts";

const programs: Record<string, ElfProgram> = {};

beforeAll(() => {
  for (const name of ["hello", "args", "malloc", "mmap", "unsupported", "exit", "threads", "condvar", "signals", "segv", "waitsig", "clock", "hog", "bigbss", "sigwait", "threadsig", "cat"]) programs[name] = readElf(compileProgram(name));
});

/** Runs a program to its end on a fresh LWK; its wait status and what it printed. */
function run(name: string, argv: string[] = [name], setup: (lwk: LwkNode) => void = () => undefined): { status: number; out: string; lwk: LwkNode; pid: number } {
  const lwk = bootLwk();
  setup(lwk);
  const { pid, ret } = mcexec(lwk, programs[name]!, argv, ["FOO=bar", "PATH=/bin"]);
  expect(ret).toBe(0);
  return { status: waitExit(lwk, pid), out: lwk.linux.stdout, lwk, pid };
}

describe("a static program on the LWK", () => {
  it("prints hello world through an offloaded write and exits with status 0", () => {
    const lwk = bootLwk();
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    const { pid, ret } = mcexec(lwk, programs.hello!, ["hello"]);
    expect(ret).toBe(0);
    expect(waitExit(lwk, pid)).toBe(0);
    expect(lwk.linux.stdout).toBe("hello, world\n");
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
  });

  it("reads stdin and writes stdout through Linux until end of file", () => {
    const text = "a line\n".repeat(40);
    const { status, out } = run("cat", ["cat"], (lwk) => {
      lwk.linux.stdin = new TextEncoder().encode(text);
    });
    expect(out).toBe(text);
    expect(status).toBe(0);
  });

  it("reports its CPU, its system calls (local or offloaded) and its start and exit to the board", () => {
    const lwk = bootLwk();
    const { pid } = mcexec(lwk, programs.hello!, ["hello"]);
    waitExit(lwk, pid);
    const traces = lwk.node.traces;
    expect(traces.filter((t) => t.type === "process")).toEqual([
      { type: "process", pid, event: "start", comm: "hello" },
      { type: "process", pid, event: "exit", comm: "hello", status: 0 },
    ]);
    // The CPU runs the thread, idles while Linux serves an offloaded call, runs it again…
    const cpu = traces.filter((t) => t.type === "cpu");
    expect(cpu.length).toBeGreaterThan(2);
    cpu.forEach((t, i) => expect(t).toEqual({ type: "cpu", hwId: 2, thread: i % 2 === 0 ? { pid, tid: pid, comm: "hello" } : null }));
    expect(cpu.length % 2).toBe(0);
    const calls = traces.flatMap((t) => (t.type === "syscall" ? [`${t.name}${t.offloaded ? "*" : ""}`] : []));
    expect(calls).toContain("brk");
    expect(calls).toContain("write*");
    expect(calls[calls.length - 1]).toBe("exit_group");
  });
});

describe("process start-up", () => {
  it("runs a dynamically linked PIE through its interpreter (ld.so maps libc with file mappings)", () => {
    const lwk = bootLwk();
    const { pid, ret } = mcexec(lwk, readElf(compileProgram("hello", { dynamic: true })), ["hello"]);
    expect(ret).toBe(0);
    expect(waitExit(lwk, pid)).toBe(0);
    expect(lwk.linux.stdout).toBe("hello, world\n");
  });

  it("passes argv, envp and the auxiliary vector, and the identities mcexec gave", () => {
    const { status, out, pid } = run("args", ["/home/hpcuser/args", "one", "two words"]);
    expect(status).toBe(3 << 8);
    expect(out).toBe([
      "argc=3", "argv[0]=/home/hpcuser/args", "argv[1]=one", "argv[2]=two words", "FOO=bar",
      // FPU TSC CX8 CMOV MMX FXSR SSE SSE2, as the cores' cpuid
      "pagesz=4096 clktck=100 hwcap=0x7808111 secure=0",
      "platform=i686 execfn=/home/hpcuser/args",
      "random=3,2",
      `ids=${pid},999,1000,1000,1000,1000,${pid}`,
      "sp-aligned=1", "",
    ].join("\n"));
  });

  it("passes the exit status through and runs the next program", () => {
    const lwk = bootLwk();
    const first = mcexec(lwk, programs.exit!, ["exit", "42"]);
    expect(waitExit(lwk, first.pid)).toBe(42 << 8);
    const second = mcexec(lwk, programs.exit!, ["exit", "255"]);
    expect(waitExit(lwk, second.pid)).toBe(255 << 8);
  });

  it("refuses a description that does not fit and leaves nothing allocated", () => {
    const lwk = bootLwk();
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    const broken = { ...programs.hello!, sections: [{ ...programs.hello!.sections[0]!, vaddr: 0xa0000000 }] };
    expect(mcexec(lwk, broken, ["hello"]).ret).toBe(-22);
    expect(mcexec(lwk, programs.hello!, ["hello"], [], { cpu: 5 }).ret).toBe(-22);
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
  });
});

describe("memory", () => {
  it("serves many malloc/realloc/free of small and large blocks (brk and mmap)", () => {
    const { status, out } = run("malloc");
    expect(out).toMatch(/^sum=\d+\n$/);
    expect(status).toBe(0);
  });

  it("maps, unmaps, protects, remaps and maps files privately", () => {
    const { status, out } = run("mmap", ["mmap"], (lwk) => {
      const file = new Uint8Array(4096 + 4000).fill(0x2e);
      file.set(new TextEncoder().encode("words"), 4096);
      lwk.linux.files.set("/data/words.txt", file);
    });
    expect(out).toBe([
      "zeroed=1", "munmap=0", "hole=1,0", "mprotect=0", "mprotect-hole=-1 errno=12",
      "mremap=1 kept=1 grown=1", "dontneed=1", "noreplace=1 errno=17", "file=words|1", "badfd=1 errno=9",
      "bigmap=1 errno=12", "reserve=1 opened=0,r", "",
    ].join("\n"));
    expect(status).toBe(0);
  });
});

describe("system calls the LWK cannot serve", () => {
  it("return ENOSYS and leave one kmsg line per number", () => {
    const { status, out, lwk } = run("unsupported");
    expect(out).toBe("999=-1,38,-1 fork=-1,38\n");
    expect(status).toBe(0);
    const log = lwk.node.kmsg();
    expect(log.match(/syscall 999 \(syscall_999\) is not supported/g)).toHaveLength(1);
    expect(log).toMatch(/syscall 2 \(fork\) is not supported|syscall 120 \(clone\) is not supported/);
  });
});

describe("threads", () => {
  it("run on both LWK CPUs with their own TLS; getcpu and sched_getaffinity name CPUs 2 and 3", () => {
    const { status, out } = run("threads", ["threads", "2"]);
    expect(out).toBe([
      "part 0 cpu 2 main", "part 1 cpu 3 thread", "threads=2 total=19999900000", "affinity: 2 3", "",
    ].join("\n"));
    expect(status).toBe(0);
  });

  it("beyond one per CPU: clone fails with EINVAL without allow_oversubscribe", () => {
    const { status, out } = run("threads", ["threads", "3"]);
    expect(out).toContain("pthread_create 2: Invalid argument\n");
    expect(out).toContain("threads=2 total=19999900000\n");
    expect(status).toBe(0);
  });

  it("time-share the CPUs with allow_oversubscribe", () => {
    const lwk = bootLwk({ kargs: "allow_oversubscribe" });
    const { pid } = mcexec(lwk, programs.threads!, ["threads", "5"]);
    expect(waitExit(lwk, pid)).toBe(0);
    const out = lwk.linux.stdout;
    expect(out).toContain("threads=5 total=124999750000\n");
    expect(new Set(out.match(/cpu \d/g))).toEqual(new Set(["cpu 2", "cpu 3"]));
  });

  it("wait on futexes: mutex and condition variables with a consumer on the other CPU", () => {
    const { status, out } = run("condvar", ["condvar", "1"]);
    expect(out).toBe("consumed=500500 expected=500500\n");
    expect(status).toBe(0);
  });

  it("wait on futexes with more threads than CPUs", () => {
    const lwk = bootLwk({ kargs: "allow_oversubscribe" });
    const { pid } = mcexec(lwk, programs.condvar!, ["condvar", "3"]);
    expect(waitExit(lwk, pid)).toBe(0);
    expect(lwk.linux.stdout).toBe("consumed=500500 expected=500500\n");
  });
});

describe("signals", () => {
  it("are delivered to handlers with real i386 frames, masks and flags, and faults become signals", () => {
    const { status, out } = run("signals");
    expect(out).toBe([
      "usr1=1 code=0 pid_ok=1",
      "blocked: usr1=1 pending=1",
      "unblocked: usr1=2 code=-6",
      "usr2=1 nodefer=1 reset=1 round_kept=1 handler_round=1",
      "ro write: sig=11 addr_ok=1 code=2 alt=1",
      "null read: sig=11 addr=(nil) code=1",
      "divide: sig=8 code=1",
      "ud2: sig=4 code=2",
      "ignored: usr1=2", "",
    ].join("\n"));
    expect(status).toBe(0);
  });

  // glibc folds SI_TKILL (raise) into SI_USER in sigwaitinfo.
  it("are taken by sigwaitinfo/sigtimedwait: pending, timed out, sent from the other CPU", () => {
    const { status, out } = run("sigwait");
    expect(out).toBe("pending: sig=10 code=0\ntimeout: sig=-1 errno=11\nfrom thread: sig=12 code=0 pid_ok=1\n");
    expect(status).toBe(0);
  });

  it("for one thread run on that thread; the process outlives its main thread", () => {
    const { status, out } = run("threadsig");
    expect(out).toBe("handled by worker=1 main_gone\n");
    expect(status).toBe(0);
  });

  it("end a process on SIGSEGV without a handler (wait status 11); the LWK runs the next one", () => {
    const lwk = bootLwk();
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    const crash = mcexec(lwk, programs.segv!, ["segv"]);
    expect(waitExit(lwk, crash.pid)).toBe(11);
    expect(lwk.linux.stdout).toBe("before\n");
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
    const next = mcexec(lwk, programs.hello!, ["hello"]);
    expect(waitExit(lwk, next.pid)).toBe(0);
    expect(lwk.linux.stdout).toBe("before\nhello, world\n");
  });

  it("from Ctrl-C (SEND_SIGNAL SIGINT) end a program blocked in an offloaded read", () => {
    const lwk = bootLwk();
    lwk.linux.holdStdin = true;
    const { pid } = mcexec(lwk, programs.waitsig!, ["waitsig", "read"]);
    lwk.node.run(() => lwk.linux.held.length > 0);
    expect(lwk.linux.stdout).toBe("reading\n");
    lwk.node.onCpu(lwk.bsp, () => lwk.linux.control!.signal(pid, 0, 2));
    expect(waitExit(lwk, pid)).toBe(2);
    // Linux answers the read after all: nobody is waiting for it any more.
    lwk.linux.held.splice(0).forEach((answer) => answer());
    lwk.node.drain();
    expect(lwk.linux.exits).toHaveLength(1);
  });

  it("interrupt nanosleep (EINTR, time left) to run a handler", () => {
    const lwk = bootLwk();
    const { pid } = mcexec(lwk, programs.waitsig!, ["waitsig"]);
    lwk.node.run(() => lwk.linux.stdout === "sleeping\n");
    lwk.node.drain();
    lwk.node.onCpu(lwk.bsp, () => lwk.linux.control!.signal(pid, 0, 10));
    expect(waitExit(lwk, pid)).toBe(0);
    // The fake node's clock stands still while the program sleeps: all 10 s are left.
    expect(lwk.linux.stdout).toBe("sleeping\nnanosleep=-1 errno=4 got=10 rem=10\n");
  });

  it("cleanup of a prepared process that never started frees it", () => {
    const lwk = bootLwk();
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    lwk.linux.control = { ...lwk.linux.control!, schedule: () => undefined };
    const { pid, ret } = mcexec(lwk, programs.hello!, ["hello"]);
    expect(ret).toBe(0);
    lwk.node.onCpu(lwk.bsp, () => lwk.linux.control!.cleanup(pid));
    expect(lwk.linux.exits).toEqual([]);
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
  });

  it("cleanup ends a process silently and frees its memory", () => {
    const lwk = bootLwk();
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    const { pid } = mcexec(lwk, programs.waitsig!, ["waitsig"]);
    lwk.node.run(() => lwk.linux.stdout === "sleeping\n");
    lwk.node.drain();
    lwk.node.onCpu(lwk.bsp, () => lwk.linux.control!.cleanup(pid));
    lwk.node.run(() => false);
    expect(lwk.linux.exits).toEqual([]);
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
  });
});

describe("time", () => {
  it("sleeps on the CPU's timer and reads the clocks from the boot time and the HAL's nanoseconds", () => {
    const lwk = bootLwk({ bootSec: 1_700_000_000 });
    const { pid } = mcexec(lwk, programs.clock!, ["clock"]);
    expect(waitExit(lwk, pid)).toBe(0);
    expect(lwk.linux.stdout).toBe([
      "nanosleep=50 abs=20 rel=1000 ms",
      "time=1700000001 gettimeofday=1700000001 realtime=1700000001 res=1",
      "bad=-1", "",
    ].join("\n"));
  });
});

describe("out of memory", () => {
  it("gives a program ENOMEM when the LWK has no more pages, and the LWK goes on", () => {
    const lwk = bootLwk({ sizeMiB: 32 });
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    const hog = mcexec(lwk, programs.hog!, ["hog"]);
    expect(waitExit(lwk, hog.pid)).toBe(0);
    expect(lwk.linux.stdout).toBe("blocks=1 enomem=1\n");
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
    const next = mcexec(lwk, programs.hello!, ["hello"]);
    expect(waitExit(lwk, next.pid)).toBe(0);
  });

  it("refuses to prepare a program that does not fit (ENOMEM) and keeps nothing of it", () => {
    const lwk = bootLwk({ sizeMiB: 32 });
    const free = lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count);
    expect(mcexec(lwk, programs.bigbss!, ["bigbss"]).ret).toBe(-12);
    expect(lwk.node.onCpu(lwk.bsp, ihk_mc_free_page_count)).toBe(free);
    const next = mcexec(lwk, programs.hello!, ["hello"]);
    expect(waitExit(lwk, next.pid)).toBe(0);
  });
});
