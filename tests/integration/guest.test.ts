// The guest as a user meets it, cold-booted from images/dist/machine.json: the prompt, the
// 4-CPU topology with only CPU 0 online, sudo, the gcc (tcc) toolchain, the configured RAM,
// the home share and its tmpfs fallback, and a clean kernel log.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Board } from "../../src/emu/board/board.ts";
import type { MachineManifest } from "../../src/emu/board/machine.ts";
import { runInGuest } from "../../src/cli/command-runner.ts";
import { createNodeBoard } from "../../src/cli/node-board.ts";
import { defaultManifestPath, REPO_ROOT } from "../../src/cli/paths.ts";
import { inflateInitrd } from "../../src/emu/board/initrd.ts";
import { nextEvent, text } from "./helpers.ts";

interface ColdGuest {
  board: Board;
  machine: MachineManifest;
  /** Everything the serial console printed up to the first prompt. */
  bootConsole: string;
  run(commands: string): Promise<{ status: number; out: string }>;
}

async function coldBoot(adjust: (machine: MachineManifest) => MachineManifest = (m) => m, memoryBytes?: number): Promise<ColdGuest> {
  const { board, machine: loaded } = await createNodeBoard(defaultManifestPath());
  const machine = adjust(loaded);
  let bootConsole = "";
  const stopListening = board.onSerial((bytes) => (bootConsole += text(bytes)));
  const prompt = nextEvent(board, "prompt");
  await board.start({ machine, ...(memoryBytes !== undefined && { memoryBytes }) });
  await prompt;
  stopListening();
  const run = async (commands: string) => {
    let out = "";
    const status = await runInGuest(board, machine.user.home, commands, (chunk) => (out += text(chunk)));
    return { status, out };
  };
  return { board, machine, bootConsole, run };
}

const KERNEL_TROUBLE = /BUG:|Oops|WARNING:|Call Trace|Kernel panic/;

/** Types a line on the serial console, as a person would; resolves with what the console
 * printed up to and including `expected`. */
function typeLine(board: Board, line: string, expected: string): Promise<string> {
  return new Promise((done) => {
    let seen = "";
    const stop = board.onSerial((bytes) => {
      seen += text(bytes);
      if (seen.includes(expected)) {
        stop();
        done(seen);
      }
    });
    board.sendInput(new TextEncoder().encode(line));
  });
}

describe("cn01 cold-booted with the default machine", () => {
  let guest: ColdGuest;
  beforeAll(async () => {
    guest = await coldBoot();
  });
  afterAll(() => guest.board.shutdown());

  it("logs hpcuser in on the serial console with a bash-like prompt", () => {
    expect(guest.bootConsole).toContain("hpcuser@cn01:~$ ");
    expect(guest.bootConsole).not.toMatch(KERNEL_TROUBLE);
  });

  it("is an i686 node named cn01 with a clean kernel release", async () => {
    const { out } = await guest.run("uname -m; uname -r; hostname; id -un; id -u; pwd");
    expect(out).toBe(`i686\n${guest.machine.kernelRelease}\ncn01\nhpcuser\n1000\n/home/hpcuser\n`);
    expect(guest.machine.kernelRelease).toMatch(/^6\.1\.\d+-cn01$/);
  });

  it("shows the working directory in the prompt like bash's \\u@\\h:\\w\\$", async () => {
    await guest.run("mkdir -p src/demo");
    const typed = (line: string, expected: string) => typeLine(guest.board, line, expected);
    await typed("cd src/demo\n", "hpcuser@cn01:~/src/demo$ ");
    await typed("cd /tmp\n", "hpcuser@cn01:/tmp$ ");
    await typed("cd\n", "hpcuser@cn01:~$ ");
  });

  it("has 4 CPUs, only CPU 0 online", async () => {
    const { out } = await guest.run("lscpu");
    // On a terminal lscpu indents its sub-entries; piped, it does not.
    expect(out).toMatch(/^CPU\(s\):\s+4$/m);
    expect(out).toMatch(/^\s*On-line CPU\(s\) list:\s+0$/m);
    expect(out).toMatch(/^\s*Off-line CPU\(s\) list:\s+1-3$/m);
  });

  it("refuses at once to bring an LWK CPU online, with a clear error", async () => {
    const { status, out } = await guest.run("sudo sh -c 'echo 1 > /sys/devices/system/cpu/cpu2/online'; echo status=$?; cat /sys/devices/system/cpu/cpu2/online; dmesg | grep 'CPU 2 is reserved'");
    expect(status).toBe(0);
    expect(out).toContain("Operation not permitted");
    expect(out).toContain("status=1\n0\n");
    expect(out).toContain("cn01: CPU 2 is reserved for the LWK side; Linux runs on CPU 0 only");
  });

  it("runs commands as root through a password-less sudo", async () => {
    const { out } = await guest.run("sudo id -u; sudo -s < /dev/null; echo s=$?; sudo; echo usage=$?");
    expect(out).toMatch(/^0\n/);
    expect(out).toContain("s=0");
    expect(out).toContain("usage: sudo");
    expect(out).toContain("usage=1");
  });

  it("compiles and runs C with gcc (tcc behind it), with the usual options", async () => {
    const { status, out } = await guest.run(`mkdir -p inc lib
cat > inc/greet.h <<'EOF'
#define GREETING "hello from cn01"
EOF
cat > hello.c <<'EOF'
#include <stdio.h>
#include <math.h>
#include "greet.h"
int main(void) { printf(GREETING " sqrt(2)=%.4f\\n", sqrt(2.0)); return 0; }
EOF
gcc -Wall hello.c -o hello -Iinc -lm && ./hello &&
cc -O2 -c hello.c -o hello.o -Iinc && cc hello.o -o hello2 -Llib -lm && ./hello2`);
    expect(out).toBe("hello from cn01 sqrt(2)=1.4142\nhello from cn01 sqrt(2)=1.4142\n");
    expect(status).toBe(0);
  });

  it("compiles programs that use the usual system headers, the kernel's among them", async () => {
    const headers = [
      "stdio.h", "stdlib.h", "string.h", "unistd.h", "errno.h", "limits.h", "math.h", "pthread.h", "sched.h",
      "signal.h", "fcntl.h", "time.h", "termios.h", "dirent.h", "sys/syscall.h", "sys/mman.h", "sys/ioctl.h",
      "sys/socket.h", "netinet/in.h", "sys/epoll.h", "sys/eventfd.h", "sys/timerfd.h", "sys/resource.h",
      "sys/prctl.h", "sys/sysinfo.h", "sys/wait.h", "sys/uio.h", "sys/user.h", "linux/futex.h",
      "linux/perf_event.h", "asm/unistd.h",
    ];
    const source = `${headers.map((h) => `#include <${h}>`).join("\n")}
int main(void) { printf("%d %d\\n", SYS_getpid == __NR_getpid, FUTEX_WAIT); return 0; }`;
    const { out } = await guest.run(`cat > headers.c <<'EOF'\n${source}\nEOF\ngcc -Wall headers.c -o headers && ./headers`);
    expect(out).toBe("1 0\n");
  });

  it("gets the initramfs inflated by the board: Linux only copies the cpio", async () => {
    const { out } = await guest.run("dmesg | grep 'Freeing initrd memory'");
    const freedKib = Number(/Freeing initrd memory: (\d+)K/.exec(out)?.[1]);
    const image = new Uint8Array(readFileSync(join(REPO_ROOT, "images/dist", guest.machine.files.initrd.path)));
    const inflated = await inflateInitrd(image);
    expect(inflated.length).toBeGreaterThan(image.length);
    // Linux frees the whole pages the initrd it was handed occupied.
    expect(freedKib * 1024).toBeGreaterThanOrEqual(inflated.length);
    expect(freedKib * 1024 - inflated.length).toBeLessThan(2 * 4096);
  });

  it("keeps /usr in a squashfs image under a tmpfs overlay that takes writes; /bin, /sbin and /lib lead there", async () => {
    const { out } = await guest.run(
      "grep -E ' /usr | /run/cn01/usr-image ' /proc/mounts | cut -d' ' -f2,3; for l in /bin /sbin /lib; do readlink $l; done; " +
        "sudo mkdir -p /usr/local/bin && sudo touch /usr/local/bin/cn01-made && ls /usr/local/bin; " +
        "ls /run/cn01/usr-rw/upper/local/bin; ls /run/cn01/usr-image/local 2>&1 | grep -c cn01-made",
    );
    expect(out).toBe("/run/cn01/usr-image squashfs\n/usr overlay\nusr/bin\nusr/sbin\nusr/lib\ncn01-made\ncn01-made\n0\n");
  });

  it("has the system calls of 32-bit time_t programs: touch sets times, sleep sleeps", async () => {
    const { out } = await guest.run("touch /tmp/stamp && touch -d @86400 /tmp/stamp && stat -c %Y /tmp/stamp && sleep 0.2 && echo slept");
    expect(out).toBe("86400\nslept\n");
  });

  it("gives high memory to the allocator: it is free at boot and tmpfs pages come from it", async () => {
    const highFree = async (): Promise<{ total: number; free: number }> => {
      const { out } = await guest.run("grep -E '^High(Total|Free):' /proc/meminfo");
      const [total, free] = [...out.matchAll(/(\d+) kB/g)].map((m) => Number(m[1]) * 1024);
      return { total: total!, free: free! };
    };
    const before = await highFree();
    // 2 GiB on i386: everything above the ~880 MiB Linux maps permanently is high memory.
    expect(before.total).toBeGreaterThan(1024 ** 3);
    expect(before.free).toBeGreaterThan(before.total * 0.95);
    await guest.run("dd if=/dev/zero of=/tmp/high bs=1M count=256 2>/dev/null");
    const filled = await highFree();
    await guest.run("rm /tmp/high");
    expect(before.free - filled.free).toBeGreaterThan(250 * 1024 ** 2);
    expect((await highFree()).free).toBeGreaterThan(before.free - 8 * 1024 ** 2);
  });

  it("has its random number generator ready: reading /dev/random does not block", async () => {
    const { out } = await guest.run("head -c 64 /dev/random | wc -c; cat /proc/sys/kernel/random/entropy_avail");
    expect(out).toMatch(/^64\n\d+\n$/);
  });

  it("gives Linux the configured RAM", async () => {
    const { out } = await guest.run("grep MemTotal /proc/meminfo");
    const kib = Number(/MemTotal:\s+(\d+) kB/.exec(out)?.[1]);
    // The kernel keeps back its own image and early reservations: ~2% of 2 GiB.
    expect(kib * 1024).toBeGreaterThan(guest.machine.memoryBytes * 0.95);
    expect(kib * 1024).toBeLessThanOrEqual(guest.machine.memoryBytes);
  });

  it("has the tutorial's folders in the home on the 9p share", async () => {
    const { out } = await guest.run("grep ' /home/hpcuser ' /proc/mounts | cut -d' ' -f1,3; cd install/$(uname -r) && ls -1d bin sbin kmod smp-x86/kernel ~/src && stat -c %U bin");
    expect(out).toBe("host9p 9p\n/home/hpcuser/src\nbin\nkmod\nsbin\nsmp-x86/kernel\nhpcuser\n");
  });

  it("leaves no kernel trouble in dmesg", async () => {
    const { out } = await guest.run("dmesg");
    expect(out).toContain("ACPI: Table Upgrade: override [APIC-");
    expect(out).not.toMatch(KERNEL_TROUBLE);
  });
});

describe("cn01 with other settings", () => {
  it("boots with 1 GiB when told to, and MemTotal follows", async () => {
    const guest = await coldBoot((m) => m, 1024 * 1024 * 1024);
    try {
      const kib = Number(/MemTotal:\s+(\d+) kB/.exec((await guest.run("grep MemTotal /proc/meminfo")).out)?.[1]);
      expect(kib * 1024).toBeGreaterThan(0.95 * 1024 ** 3);
      expect(kib * 1024).toBeLessThanOrEqual(1024 ** 3);
    } finally {
      await guest.board.shutdown();
    }
  });

  it("still boots without its home share: tmpfs home and a one-line warning", async () => {
    const noShare = (m: MachineManifest) => ({ ...m, cmdline: m.cmdline.replace(/cn01\.home=\S+/, "cn01.home=nosuchtag:trans=virtio") });
    const guest = await coldBoot(noShare);
    try {
      expect(guest.bootConsole).toContain("cn01: warning: no home share 'nosuchtag'; /home/hpcuser is on tmpfs and will not be kept");
      // Commands cannot go through the home share here (there is none): type them.
      const printed = await typeLine(
        guest.board,
        "grep ' /home/hpcuser ' /proc/mounts | cut -d' ' -f3; ls -d ~/install/$(uname -r)/smp-x86/kernel; stat -c %U ~; echo END$((40+2))\n",
        "END42",
      );
      // What follows the echo of the typed line is the commands' output.
      const echoEnd = printed.lastIndexOf("END$((40+2))") + "END$((40+2))".length;
      const out = printed.slice(echoEnd, printed.lastIndexOf("END42") + 5).replace(/\r/g, "").replace(/^\n/, "");
      expect(out).toBe(`tmpfs\n/home/hpcuser/install/${guest.machine.kernelRelease}/smp-x86/kernel\nhpcuser\nEND42`);
    } finally {
      await guest.board.shutdown();
    }
  });
});
