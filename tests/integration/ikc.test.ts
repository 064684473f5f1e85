// IKC in the real guest: the master channel acknowledged at boot, mcctrl.ko refusing to load
// without an OS, then (with the karg hidos) the LWK's channels to mcctrl's ports 501 and 502
// with McKernel 1.0's dmesg lines and real addresses, "MCK/IHK booted." once mcctrl took them
// all, mcctrl unloaded and loaded again, the tutorial's teardown order, and an LWK without
// hidos. Linux must stay clean throughout.

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/cli/paths.ts";
import { Session } from "../../src/cli/session.ts";
import { expectHealthyLinux, inInstall } from "./helpers.ts";

const hostSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs command until its output matches (at most 20 times, 0.5 s apart). The wait is the
 * host's: the LWK's timers (its CONNECT retries every second) follow the host clock, while
 * the guest's may run ahead of it when Linux idles.
 */
async function until(session: Session, command: string, done: (out: string) => boolean): Promise<string> {
  let out = "";
  for (let i = 0; i < 20; i++) {
    out = (await inInstall(session, command)).out;
    if (done(out)) break;
    await hostSleep(500);
  }
  return out;
}

/** kmsg's last lines, without the empty one ihkosctl adds. */
const kmsgTail = (lines: number): string => `sbin/ihkosctl 0 kmsg | grep -v '^$' | tail -n ${lines}`;

const LOAD_MODULES = "sudo insmod kmod/ihk.ko && sudo insmod kmod/ihk-smp-x86.ko && sudo chown hpcuser /dev/mcd0";
const CREATE = "sbin/ihkconfig 0 create && sudo chown hpcuser /dev/mcos0 && sbin/ihkosctl 0 assign cpu 2,3 && sbin/ihkosctl 0 assign mem 512M@0";
const BOOT = (kargs: string): string => `sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img && sbin/ihkosctl 0 kargs "${kargs}" && sbin/ihkosctl 0 boot`;

const hex = "[0-9a-f]+";

/** A tool (not shipped) that calls mcctrl's ioctls the wrong way; each line: what, result, error. */
const BAD_IOCTLS = String.raw`#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "mcctrl.h"

static char buf[70000];
static struct program_load_desc *desc = (struct program_load_desc *)buf;

static void try(int fd, const char *what, unsigned long request, void *arg)
{
	long ret = ioctl(fd, request, arg);

	printf("%s: %ld %s
", what, ret, ret < 0 ? strerror(errno) : "ok");
}

int main(void)
{
	struct mcexec_syscall sc = { .seq = 1 };
	struct mcexec_signal sig = { .sig = 9 };
	int fd = open("/dev/mcos0", O_RDWR);

	try(fd, "GET_CPU", MCEXEC_UP_GET_CPU, 0);
	try(fd, "START_IMAGE first", MCEXEC_UP_START_IMAGE, 0);
	try(fd, "WAIT_SYSCALL first", MCEXEC_UP_WAIT_SYSCALL, &sc);
	try(fd, "RET_SYSCALL first", MCEXEC_UP_RET_SYSCALL, &sc);
	try(fd, "SEND_SIGNAL first", MCEXEC_UP_SEND_SIGNAL, &sig);
	try(fd, "unknown", MCEXEC_UP_PREPARE_IMAGE + 0xff, 0);
	try(fd, "PREPARE bad pointer", MCEXEC_UP_PREPARE_IMAGE, (void *)16);
	desc->size = 8;
	try(fd, "PREPARE short", MCEXEC_UP_PREPARE_IMAGE, desc);
	desc->size = sizeof(buf);
	try(fd, "PREPARE long", MCEXEC_UP_PREPARE_IMAGE, desc);
	desc->size = sizeof(*desc);
	desc->nr_sections = 1000;
	try(fd, "PREPARE sections", MCEXEC_UP_PREPARE_IMAGE, desc);
	desc->nr_sections = 0;
	try(fd, "PREPARE nothing", MCEXEC_UP_PREPARE_IMAGE, desc);
	try(fd, "PREPARE again", MCEXEC_UP_PREPARE_IMAGE, desc);
	try(fd, "START_IMAGE refused", MCEXEC_UP_START_IMAGE, 0);
	close(fd);
	return 0;
}
`;

describe("IKC with mcctrl on cn01", () => {
  let session: Session;
  let memStart = 0;
  let memEnd = 0;
  beforeAll(async () => {
    session = await Session.open();
  });
  afterAll(async () => {
    await session.close();
  });

  it("refuses to load mcctrl without an OS: OS not found.", async () => {
    const r = await inInstall(session, `${LOAD_MODULES} && sbin/ihkconfig 0 reserve cpu 2,3 && sbin/ihkconfig 0 reserve mem 512M@0
sudo insmod kmod/mcctrl.ko; echo $?
dmesg | tail -n 1
lsmod | grep -c mcctrl`);
    expect(r.out).toMatch(/^insmod: can't insert 'kmod\/mcctrl\.ko': No such device\n19\n\[[ \d.]+\] OS not found\.\n0\n$/);
  });

  it("acknowledges the master channel at boot; with hidos the LWK then waits for mcctrl", async () => {
    expect((await inInstall(session, `${CREATE} && ${BOOT("hidos")}`)).status).toBe(0);
    const out = await until(session, kmsgTail(8), (o) => o.includes("init acked"));
    expect(out).toMatch(/\[  0\]: AP Booting: Done\n\[  0\]: Master channel init acked\.\n$/);
    const region = /Page allocator: ([0-9a-f]+) - ([0-9a-f]+) \(12\)/.exec(out)!;
    [memStart, memEnd] = [parseInt(region[1]!, 16), parseInt(region[2]!, 16)];
    // Nobody listens yet: the LWK's CONNECTs are refused quietly, retried every second.
    await hostSleep(2500);
    const again = await inInstall(session, `${kmsgTail(1)}; dmesg | grep -c 'Connect msg'`);
    expect(again.out).toBe("[  0]: Master channel init acked.\n0\n");
  });

  const inside = (pa: number, size: number): boolean => pa >= memStart && pa + size <= memEnd;

  it("loads mcctrl: the LWK's channels connect with 1.0's dmesg lines, and kmsg ends with MCK/IHK booted.", async () => {
    expect((await inInstall(session, "sudo insmod kmod/mcctrl.ko")).status).toBe(0);
    const kmsg = await until(session, kmsgTail(2), (o) => o.includes("MCK/IHK booted"));
    expect(kmsg).toBe("[  0]: Master channel init acked.\nMCK/IHK booted.\n");
    const dmesg = (await inInstall(session, "dmesg | tail -n 25")).out.split("\n").map((line) => line.replace(/^\[[ \d.]+\] /, ""));
    const connects = dmesg.filter((l) => l.startsWith("Connect msg: "));
    expect(connects).toHaveLength(3);
    for (const line of connects) {
      const [word0, port, area, cpu] = line.slice("Connect msg: ".length).split(", ").map((v) => parseInt(v, 16));
      expect(word0! % 2 ** 32).toBe(0x20000001);
      expect([501, 502]).toContain(port);
      expect(inside(area!, 8192)).toBe(true);
      expect([2, 3]).toContain(cpu);
    }
    const connected = dmesg.filter((l) => l.startsWith("syscall: MC CPU"));
    expect(connected.map((l) => new RegExp(`^syscall: MC CPU (\\d) connected\\. c=${hex}$`).exec(l)?.[1]).sort()).toEqual(["0", "1", "2"]);
    expect(dmesg.filter((l) => /^\(Accepted\) Remote channeld id = \d+$/.test(l))).toHaveLength(3);
    expect(dmesg.filter((l) => new RegExp(`^os\\(${hex}\\)->mchannel = ${hex}$`).test(l))).toHaveLength(3);
    const inits = dmesg.flatMap((l, i) => (l.startsWith("IKC init: ") ? [[l, dmesg[i + 1]!, dmesg[i + 2]!] as const] : []));
    expect(inits.map(([l]) => l).sort()).toEqual(["IKC init: cpu=0 port=501", "IKC init: cpu=0 port=502", "IKC init: cpu=1 port=501"]);
    for (const [, physical, virtual] of inits) {
      const pa = new RegExp(`^Request: (${hex}), Response: (${hex}), Doorbell: (${hex})$`).exec(physical)!.slice(1).map((v) => parseInt(v, 16));
      expect(inside(pa[0]!, 4096) && inside(pa[1]!, 4096) && inside(pa[2]!, 4096)).toBe(true);
      expect(pa[1]! - pa[0]!).toBe(4096);
      expect(virtual).toMatch(new RegExp(`^Request: ${hex}, Response: ${hex}, Doorbell: ${hex}$`));
    }
    await expectHealthyLinux(session);
  });

  it("unloads mcctrl while the LWK runs; loaded again, the LWK reconnects", async () => {
    const r = await inInstall(session, "sudo rmmod mcctrl && lsmod | grep -c mcctrl; sudo dmesg -c >/dev/null && sudo insmod kmod/mcctrl.ko && echo loaded");
    expect(r.out).toBe("0\nloaded\n");
    expect(await until(session, "dmesg | grep -c 'IKC init'", (o) => o === "3\n")).toBe("3\n");
    expect((await inInstall(session, "sbin/ihkosctl 0 kmsg | grep -c 'MCK/IHK booted'")).out).toBe("1\n");
    await expectHealthyLinux(session);
  });

  it("answers mcctrl's ioctls used wrongly with an error, and Linux and the LWK stay well", async () => {
    await session.board.writeHomeFile("mcctrl.h", await readFile(resolve(REPO_ROOT, "images/include/mckernel/mcctrl.h")));
    await session.board.writeHomeFile("bad_ioctls.c", new TextEncoder().encode(BAD_IOCTLS));
    const r = await inInstall(session, "(cd ~ && gcc -o bad_ioctls bad_ioctls.c) && ~/bad_ioctls; sudo rmmod mcctrl; ~/bad_ioctls | head -n 2; sudo insmod kmod/mcctrl.ko");
    expect(r.out).toBe([
      "GET_CPU: 2 ok",
      "START_IMAGE first: -1 Invalid argument",
      "WAIT_SYSCALL first: -1 Invalid argument",
      "RET_SYSCALL first: -1 Invalid argument",
      "SEND_SIGNAL first: -1 Invalid argument",
      "unknown: -1 Inappropriate ioctl for device",
      "PREPARE bad pointer: -1 Bad address",
      "PREPARE short: -1 Invalid argument",
      "PREPARE long: -1 Argument list too long",
      "PREPARE sections: -1 Invalid argument",
      // The LWK refuses a program without sections (NACKED); the file's one try is used.
      "PREPARE nothing: -1 Invalid argument",
      "PREPARE again: -1 Device or resource busy",
      "START_IMAGE refused: -1 Invalid argument",
      // Without mcctrl IHK has nobody to pass the ioctls to.
      "GET_CPU: -1 Inappropriate ioctl for device",
      "START_IMAGE first: -1 Inappropriate ioctl for device",
      "",
    ].join("\n"));
    expect(await until(session, "sbin/ihkosctl 0 kmsg | grep -c 'MCK/IHK booted'; dmesg | grep -c 'IKC init'", (o) => o === "1\n6\n")).toBe("1\n6\n");
    await expectHealthyLinux(session);
  });

  it("destroys the OS while mcctrl is loaded, then unloads it and releases everything (the tutorial's order)", async () => {
    const r = await inInstall(session, [
      "sbin/ihkconfig 0 destroy 0",
      "sudo rmmod mcctrl.ko",
      "sbin/ihkconfig 0 release cpu 2,3",
      "sbin/ihkconfig 0 release mem 512M@0",
      "lsmod | grep -c mcctrl",
    ].join(" && echo ok\n"));
    expect(r.out).toBe("ok\nok\nok\nok\n0\n");
    await expectHealthyLinux(session);
  });

  it("without hidos: MCK/IHK booted. right after the ack; mcctrl loads and unloads, shutdown then destroy", async () => {
    expect((await inInstall(session, `sbin/ihkconfig 0 reserve cpu 2,3 && sbin/ihkconfig 0 reserve mem 512M@0 && ${CREATE} && ${BOOT("")}`)).status).toBe(0);
    const kmsg = await until(session, kmsgTail(3), (o) => o.includes("MCK/IHK booted"));
    expect(kmsg).toBe("[  0]: AP Booting: Done\n[  0]: Master channel init acked.\nMCK/IHK booted.\n");
    const r = await inInstall(session, `sudo insmod kmod/mcctrl.ko && sudo rmmod mcctrl && echo reloaded
sudo insmod kmod/mcctrl.ko && sbin/ihkosctl 0 shutdown && sbin/ihkconfig 0 destroy 0 && sudo rmmod mcctrl && echo down
sbin/ihkconfig 0 release cpu 2,3 && sbin/ihkconfig 0 release mem 512M@0 && sudo rmmod ihk-smp-x86 && sudo rmmod ihk && lsmod | grep -c ihk`);
    expect(r.out).toBe("reloaded\ndown\n0\n");
    await expectHealthyLinux(session);
  });
});
