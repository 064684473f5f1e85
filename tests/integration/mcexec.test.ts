// mcexec in the real guest: Linux programs run on the LWK with their system calls offloaded
// to Linux. Error paths that need no LWK (no /dev/mcos0, a missing file, a non-ELF or 64-bit
// program, mcctrl not loaded); mcreboot.sh and mcstop+release.sh (silent, -c/-m, rollback of a
// failed step, Linux's memory and CPUs given back); then, in ~/install/$(uname -r), programs
// whose output must equal the native one, a program built in the guest, threads on the LWK
// CPUs, exit statuses and signals, stdin from a pipe and from the terminal, and an LWK out of
// memory. Linux must stay clean throughout.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Board } from "../../src/emu/board/board.ts";
import type { IhkBoardState } from "../../src/emu/board/ihk-partition.ts";
import { Session } from "../../src/cli/session.ts";
import { expectHealthyLinux, inInstall, latestIhkState, memFreeKb, text } from "./helpers.ts";

const encoder = new TextEncoder();

/** Runs `command` natively, then under mcexec: both outputs (stdout and stderr, on the tty). */
async function nativeAndLwk(session: Session, command: string): Promise<[string, string]> {
  const { out } = await inInstall(session, `${command}; echo "@status $?"; bin/mcexec ${command}; echo "@status $?"`);
  const [native, lwk] = out.split(/@status \d+\n/);
  expect(out.match(/@status (\d+)/g), command).toEqual(["@status 0", "@status 0"]);
  return [native!, lwk!];
}

/** Types on the serial console as a person would; resolves with what it printed (without
 * carriage returns) up to `expected`. */
function type(board: Board, keys: string, expected: string): Promise<string> {
  return new Promise((done) => {
    let seen = "";
    const stop = board.onSerial((bytes) => {
      seen += text(bytes).replace(/\r/g, "");
      if (seen.includes(expected)) {
        stop();
        done(seen);
      }
    });
    board.sendInput(encoder.encode(keys));
  });
}

async function writeHome(session: Session, path: string, content: string, mode = 0o644): Promise<void> {
  await session.board.writeHomeFile(path, encoder.encode(content), mode);
}

const WORDS = ["pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"].join("\n") + "\n";

const OS_UP_WITHOUT_MCCTRL = [
  "sudo insmod kmod/ihk.ko && sudo insmod kmod/ihk-smp-x86.ko",
  "sudo sbin/ihkconfig 0 reserve cpu 2,3 && sudo sbin/ihkconfig 0 reserve mem 512M@0 && sudo sbin/ihkconfig 0 create",
  "sudo chown hpcuser /dev/mcd0 /dev/mcos0",
].join(" && ");

describe("mcexec before McKernel is up", () => {
  let session: Session;
  beforeAll(async () => {
    session = await Session.open();
    await session.put({ localPath: "/bin/true", homePath: "true64" });
    await writeHome(session, "notelf", "echo this is no ELF file\n", 0o755);
    await writeHome(session, "noexec", "not executable\n");
    await writeHome(session, "lost.sh", "#!/no/such/shell -x\necho lost\n", 0o755);
  });
  afterAll(async () => {
    await session.close();
  });

  it("says so when there is no /dev/mcos0", async () => {
    expect(await inInstall(session, "bin/mcexec hostname")).toEqual({ status: 1, out: "Error: Failed to open /dev/mcos0.\n" });
    expect(await inInstall(session, "bin/mcexec 1 hostname")).toEqual({ status: 1, out: "Error: Failed to open /dev/mcos1.\n" });
  });

  it("prints its usage without a program", async () => {
    expect(await inInstall(session, "bin/mcexec")).toEqual({ status: 1, out: "Usage: mcexec [-c target_core] [<mcos-id>] (program) [args...]\n" });
  });

  it("finds programs as execvp does and refuses what is not an i386 program, with one line each", async () => {
    expect((await inInstall(session, OS_UP_WITHOUT_MCCTRL)).status).toBe(0);
    await inInstall(session, "chmod +x ~/true64");
    const cases: [string, string][] = [
      ["bin/mcexec nosuchprogram", "error: finding file: nosuchprogram\n"],
      ["bin/mcexec ./nosuchprogram", "error: finding file: ./nosuchprogram\n"],
      ["bin/mcexec ~/notelf", "mcexec: /home/hpcuser/notelf: not an i386 ELF executable (not an ELF file)\n"],
      ["bin/mcexec ~/true64", "mcexec: /home/hpcuser/true64: not an i386 ELF executable (ELF64)\n"],
      ["bin/mcexec ~/noexec", "mcexec: /home/hpcuser/noexec: Permission denied\n"],
      ["bin/mcexec /tmp", "mcexec: /tmp: Permission denied\n"],
      ["bin/mcexec ~/lost.sh", "mcexec: /no/such/shell: No such file or directory\n"],
      ["bin/mcexec -c x hostname", "mcexec: -c x: not a CPU number\n"],
    ];
    for (const [command, message] of cases) expect(await inInstall(session, command), command).toEqual({ status: 1, out: message });
  });

  it("says mcctrl is missing when the OS runs without it", async () => {
    const boot = await inInstall(session, "sbin/ihkosctl 0 assign cpu 2,3 && sbin/ihkosctl 0 assign mem 512M@0 && sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img && sbin/ihkosctl 0 kargs hidos && sbin/ihkosctl 0 boot");
    expect(boot).toEqual({ status: 0, out: "" });
    expect(await inInstall(session, "bin/mcexec hostname")).toEqual({
      status: 1,
      out: "mcexec: /dev/mcos0: no LWK CPUs from mcctrl (is mcctrl.ko loaded?): Inappropriate ioctl for device\n",
    });
    expect(await inInstall(session, "sudo sbin/mcstop+release.sh && cat /sys/devices/system/cpu/offline && ls /dev/mcd0 /dev/mcos0 2>&1")).toEqual({
      status: 1,
      out: "1-3\nls: /dev/mcd0: No such file or directory\nls: /dev/mcos0: No such file or directory\n",
    });
    await expectHealthyLinux(session);
  });
});

describe("mcreboot.sh and mcstop+release.sh", () => {
  let session: Session;
  let state: () => IhkBoardState | undefined;
  let memFreeBefore = 0;
  const modules = "lsmod | cut -d' ' -f1 | grep -E '^(ihk|ihk_smp_x86|mcctrl)$' | sort | paste -sd, -";
  beforeAll(async () => {
    session = await Session.open();
    state = latestIhkState(session);
    memFreeBefore = await memFreeKb(session);
  });
  afterAll(async () => {
    await session.close();
  });

  async function expectAllGivenBack(): Promise<void> {
    expect(Math.abs((await memFreeKb(session)) - memFreeBefore)).toBeLessThan(memFreeBefore * 0.01);
    expect((await inInstall(session, "cat /sys/devices/system/cpu/offline; ls /dev/mcos* 2>/dev/null | wc -l")).out).toBe("1-3\n0\n");
    expect(state()?.cpus.map((c) => c.kind)).toEqual(["linux", "free", "free", "free"]);
    expect(state()?.reserved).toEqual([]);
  }

  it("boots McKernel silently on the free CPUs with 512M@0 and gives the devices to the user", async () => {
    expect(await inInstall(session, "sudo sbin/mcreboot.sh")).toEqual({ status: 0, out: "" });
    const r = await inInstall(session, [
      "sbin/ihkosctl 0 query cpu",
      "sbin/ihkosctl 0 query mem",
      "sbin/ihkosctl 0 get status",
      "stat -c %U /dev/mcd0 /dev/mcos0",
      modules,
      "sbin/ihkosctl 0 kmsg | grep -E 'CPU:|MCK/IHK booted'",
      "bin/mcexec hostname",
    ].join(" && "));
    expect(r).toEqual({
      status: 0,
      out: "1-3\n536870912@0\nRUNNING\nhpcuser\nhpcuser\nihk,ihk_smp_x86,mcctrl\n[ -1]: CPU: 1 2 3\nMCK/IHK booted.\ncn01\n",
    });
    expect(state()?.cpus.map((c) => c.kind)).toEqual(["linux", "running", "running", "running"]);
  });

  it("refuses to stop while mcexec runs, changing nothing", async () => {
    const r = await inInstall(session, [
      "bin/mcexec sleep 3 &",
      "sleep 1",
      "sudo sbin/mcstop+release.sh; echo status=$?",
      `echo "pid $!"`,
      "wait",
      "sbin/ihkosctl 0 get status",
    ].join("\n"));
    const pid = /pid (\d+)/.exec(r.out)![1];
    expect(r.out).toBe(`error: processes still using /dev/mcos*: ${pid}\nstatus=1\npid ${pid}\nRUNNING\n`);
  });

  it("stops McKernel silently and Linux gets its memory and CPUs back", async () => {
    expect(await inInstall(session, "sudo sbin/mcstop+release.sh")).toEqual({ status: 0, out: "" });
    expect((await inInstall(session, modules)).out).toBe("ihk\n");
    await expectAllGivenBack();
  });

  it("takes -c and -m, and stops an OS that is up before booting again", async () => {
    const r = await inInstall(session, [
      "sudo sbin/mcreboot.sh -c 2,3 -m 256M@0",
      "sudo sbin/mcreboot.sh -c 1 -m 128M",
      "sbin/ihkosctl 0 query cpu",
      "sbin/ihkosctl 0 query mem",
      "sbin/ihkconfig 0 query cpu",
      "bin/mcexec -c 0 hostname",
      "bin/mcexec -c 1 hostname; echo status=$?",
      "sudo sbin/mcstop+release.sh",
    ].join(" && "));
    expect(r).toEqual({ status: 0, out: "1\n134217728@0\n\ncn01\nmcexec: -c 1: the LWK has CPUs 0-0\nstatus=1\n" });
    await expectAllGivenBack();
  });

  it("prints IHK's error line for a failing step and undoes every step before it", async () => {
    await inInstall(session, "cp -r . ~/broken && echo 'not a kernel image' > ~/broken/smp-x86/kernel/mckernel.img");
    const cases: [string, string][] = [
      ["sudo sbin/mcreboot.sh -c 9", "error: reserving CPUs: 9\n"],
      ["sudo sbin/mcreboot.sh -m 1Z", "error: reserving memory: 1Z\n"],
      ["sudo ~/broken/sbin/mcreboot.sh -c 2", "error: booting\n"],
      ["sudo sbin/mcreboot.sh -x", "Usage: sbin/mcreboot.sh [-c CPUS] [-m SIZE@NUMA]\n"],
      ["sbin/mcreboot.sh", "error: sbin/mcreboot.sh needs root (sudo)\n"],
    ];
    for (const [command, message] of cases) {
      expect(await inInstall(session, command), command).toEqual({ status: 1, out: message });
      expect((await inInstall(session, modules)).out, command).toBe("ihk\n");
      await expectAllGivenBack();
    }
    await expectHealthyLinux(session);
  });
});

/** A program compiled in the guest: threads on the LWK CPUs, each says where it runs. */
const THREADS_C = `#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#define N 2
static long long sums[N];
static unsigned int cpus[N];
static pthread_barrier_t all_started;
static void *work(void *arg)
{
	long i = (long)arg, k;
	pthread_barrier_wait(&all_started);
	syscall(SYS_getcpu, &cpus[i], 0, 0);
	for (k = i; k < 1000000; k += N)
		sums[i] += k;
	return 0;
}
int main(void)
{
	pthread_t t;
	pthread_barrier_init(&all_started, 0, N);
	if (pthread_create(&t, 0, work, (void *)1L))
		return 1;
	work(0);
	pthread_join(t, 0);
	printf("sum %lld cpus %u %u\\n", sums[0] + sums[1], cpus[0] < cpus[1] ? cpus[0] : cpus[1], cpus[0] < cpus[1] ? cpus[1] : cpus[0]);
	return 0;
}
`;

const HELLO_C = `#include <stdio.h>
int main(int argc, char **argv)
{
	int i;
	printf("hello from %s with %d args:", argv[0], argc - 1);
	for (i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\\n");
	return argc == 3 ? 7 : 0;
}
`;

const SEGV_C = "int main(void) { *(volatile int *)0 = 1; return 0; }\n";

/** Says it runs, then sleeps until a signal ends it. */
const WAITER_C = `#include <stdio.h>
#include <unistd.h>
int main(void)
{
	printf("ready\\n");
	fflush(stdout);
	sleep(60);
	return 0;
}
`;

/** Takes memory in 16 MiB blocks, touched, until the LWK has none left. */
const HOG_C = `#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
	int n = 0;
	char *p;
	while ((p = malloc(16 << 20)) != NULL) {
		memset(p, 1, 16 << 20);
		n++;
	}
	printf("%d MiB, then %s\\n", n * 16, strerror(errno));
	return 0;
}
`;

describe("programs on McKernel through mcexec", () => {
  let session: Session;
  let memFreeBefore = 0;
  beforeAll(async () => {
    session = await Session.open();
    memFreeBefore = await memFreeKb(session);
    await writeHome(session, "words.txt", WORDS);
    await writeHome(session, "threads.c", THREADS_C);
    await writeHome(session, "hello.c", HELLO_C);
    await writeHome(session, "segv.c", SEGV_C);
    await writeHome(session, "waiter.c", WAITER_C);
    await writeHome(session, "hog.c", HOG_C);
    await writeHome(session, "big.c", "char big[600 << 20];\nint main(void) { return big[0]; }\n");
    const built = await inInstall(session, "cd ~ && gcc -o hello hello.c && gcc -pthread -o threads threads.c && gcc -o segv segv.c && gcc -o waiter waiter.c && gcc -o hog hog.c && gcc -o big big.c");
    expect(built).toEqual({ status: 0, out: "" });
    expect(await inInstall(session, "sudo sbin/mcreboot.sh -c 2,3")).toEqual({ status: 0, out: "" });
  });
  afterAll(async () => {
    await session.close();
  });

  it("runs ls -ls with exactly the native output", async () => {
    const [native, lwk] = await nativeAndLwk(session, "ls -ls");
    expect(native).toMatch(/^total \d+\n.* bin\n/);
    expect(lwk).toBe(native);
  });

  it("runs busybox (static) and lscpu (dynamic, glibc) with the native output", async () => {
    for (const command of ["cat ~/words.txt", "sort ~/words.txt", "sha256sum ~/words.txt", "hostname", "pwd", "env", "lscpu"]) {
      const [native, lwk] = await nativeAndLwk(session, command);
      expect(native.length, command).toBeGreaterThan(0);
      expect(lwk, command).toBe(native);
    }
  });

  it("reads, writes and runs big files of the home share (9p) through the LWK's pages", async () => {
    await inInstall(session, "head -c 300000 /dev/urandom > ~/big.bin && cp /bin/busybox ~/busybox");
    const [native, lwk] = await nativeAndLwk(session, "sha256sum ~/big.bin");
    expect(lwk).toBe(native);
    const r = await inInstall(session, "bin/mcexec cp ~/big.bin ~/copy.bin && cmp ~/big.bin ~/copy.bin && bin/mcexec ~/busybox echo same");
    expect(r).toEqual({ status: 0, out: "same\n" });
  });

  it("gives the program mcexec's pid", async () => {
    const { out } = await inInstall(session, `bin/mcexec sh -c 'echo "lwk $$"' & echo "mcexec $!"; wait`);
    const lwk = /lwk (\d+)/.exec(out)![1];
    expect(/mcexec (\d+)/.exec(out)![1]).toBe(lwk);
  });

  it("runs a program compiled in the guest with gcc, with its arguments and exit status", async () => {
    expect(await inInstall(session, "bin/mcexec ~/hello one two; echo status=$?")).toEqual({
      status: 0,
      out: "hello from /home/hpcuser/hello with 2 args: one two\nstatus=7\n",
    });
    expect(await inInstall(session, "bin/mcexec sh -c 'exit 42'; echo status=$?")).toEqual({ status: 0, out: "status=42\n" });
  });

  it("runs #! scripts through their interpreter", async () => {
    await writeHome(session, "script.sh", "#!/bin/sh\necho \"script $0 $1\"\n", 0o755);
    expect(await inInstall(session, "bin/mcexec ~/script.sh arg")).toEqual({ status: 0, out: "script /home/hpcuser/script.sh arg\n" });
  });

  it("runs threads on both LWK CPUs with the right result", async () => {
    expect(await inInstall(session, "bin/mcexec ~/threads")).toEqual({ status: 0, out: "sum 499999500000 cpus 2 3\n" });
  });

  it("reports a segfault as signal 11 (exit 139) and runs the next program", async () => {
    expect(await inInstall(session, "bin/mcexec ~/segv; echo status=$?; bin/mcexec hostname")).toEqual({
      status: 0,
      out: "Terminate by signal 11\nstatus=139\ncn01\n",
    });
  });

  it("forwards signals: kill ends a sleeping program, mcexec exits 128 + signal", async () => {
    const r = await inInstall(session, [
      // The file exists before the program starts, so the wait never reads a missing file.
      ": > /tmp/waiter.out",
      "bin/mcexec ~/waiter >> /tmp/waiter.out &",
      "until grep -q ready /tmp/waiter.out; do sleep 0.2; done",
      "kill $!; wait $!; echo status=$?",
    ].join("\n"));
    expect(r.out).toBe("Terminate by signal 15\nstatus=143\n");
  });

  it("reads stdin from a pipe", async () => {
    expect(await inInstall(session, "echo hi | bin/mcexec cat; printf 'b\\na\\n' | bin/mcexec sort")).toEqual({ status: 0, out: "hi\na\nb\n" });
  });

  it("reads typed input from the terminal, and Ctrl-C stops it", async () => {
    const board = session.board;
    await type(board, "cd ~/install/$(uname -r)\n", "-cn01$ ");
    await type(board, "bin/mcexec cat\n", "bin/mcexec cat\n");
    const typed = await type(board, "hello lwk\n", "hello lwk\nhello lwk\n");
    expect(typed).toContain("hello lwk\nhello lwk\n");
    const stopped = await type(board, "\x03", "-cn01$ ");
    expect(stopped).toContain("Terminate by signal 2\n");
    expect(await type(board, "echo status=$?\n", "status=130\n")).toContain("status=130\n");
  });

  it("Ctrl-C stops a program that computes without system calls", async () => {
    const board = session.board;
    // The typed line says "looping;", the program "looping" on a line of its own.
    await type(board, "bin/mcexec sh -c 'echo looping; while :; do :; done'\n", "looping\n");
    expect(await type(board, "\x03", "-cn01$ ")).toContain("Terminate by signal 2\n");
    expect(await type(board, "echo status=$?\n", "status=130\n")).toContain("status=130\n");
    await type(board, "cd\n", "$ ");
  });

  it("runs with an unlimited or huge stack limit (Linux's low layout would overlap the LWK's user space)", async () => {
    expect(await inInstall(session, "(ulimit -s unlimited && bin/mcexec hostname) && (ulimit -s 1048576 && bin/mcexec hostname)")).toEqual({
      status: 0,
      out: "cn01\ncn01\n",
    });
  });

  it("refuses arguments and environment beyond the LWK's 64 KiB description", async () => {
    expect(await inInstall(session, "bin/mcexec echo $(head -c 70000 /dev/zero | tr '\\0' a)")).toEqual({
      status: 1,
      out: "prepare: Argument list too long\n",
    });
  });

  it("checks the CPU of -c against the LWK's", async () => {
    expect(await inInstall(session, "bin/mcexec -c 1 hostname && bin/mcexec -c 2 hostname")).toEqual({ status: 1, out: "cn01\nmcexec: -c 2: the LWK has CPUs 0-1\n" });
  });

  it("gives ENOMEM when the LWK runs out of memory, and keeps running", async () => {
    const r = await inInstall(session, "bin/mcexec ~/hog; bin/mcexec ~/big; echo status=$?; bin/mcexec hostname; sbin/ihkosctl 0 get status");
    const hog = /^(\d+) MiB, then Cannot allocate memory\n/.exec(r.out);
    expect(hog, r.out).not.toBeNull();
    expect(Number(hog![1])).toBeGreaterThan(256);
    expect(Number(hog![1])).toBeLessThan(512);
    expect(r.out.slice(hog![0].length)).toBe("prepare: Cannot allocate memory\nstatus=1\ncn01\nRUNNING\n");
  });

  it("stops with mcstop+release.sh, Linux gets everything back, and nothing went wrong in Linux", async () => {
    expect(await inInstall(session, "sudo sbin/mcstop+release.sh")).toEqual({ status: 0, out: "" });
    expect(Math.abs((await memFreeKb(session)) - memFreeBefore)).toBeLessThan(memFreeBefore * 0.01);
    await expectHealthyLinux(session);
  });
});
