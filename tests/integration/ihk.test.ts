// IHK in the real guest: the tutorial's first half with this node's numbers (load the modules,
// partition CPUs and memory, create, assign, load, boot, kmsg, shutdown, destroy, release),
// IHK's error lines for bad input with nothing changed, other CPU sets and sizes, a corrupt
// image, and the board's state feed following it all. Linux must stay clean throughout.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeImage } from "../../src/abi/ihk-image.ts";
import { Session } from "../../src/cli/session.ts";
import type { IhkBoardState } from "../../src/emu/board/ihk-partition.ts";
import { expectHealthyLinux, inInstall, latestIhkState, memFreeKb } from "./helpers.ts";

const MiB = 2 ** 20;

const LOAD_MODULES = "sudo insmod kmod/ihk.ko && sudo insmod kmod/ihk-smp-x86.ko && sudo chown hpcuser /dev/mcd0";

describe("the tutorial's first half on cn01", () => {
  let session: Session;
  let state: () => IhkBoardState | undefined;
  let memFreeBefore = 0;
  beforeAll(async () => {
    session = await Session.open();
    state = latestIhkState(session);
  });
  afterAll(async () => {
    await session.close();
  });

  it("has no /dev/mcd0 before the modules are loaded", async () => {
    const r = await inInstall(session, "sbin/ihkconfig 0 query cpu");
    expect(r.out).toBe("open: No such file or directory\n");
    expect(r.status).toBe(1);
  });

  it("loads ihk.ko and ihk-smp-x86.ko: a root-only /dev/mcd0 and the IHK-SMP IRQ", async () => {
    const r = await inInstall(session, "sudo insmod kmod/ihk.ko && sudo insmod kmod/ihk-smp-x86.ko && ls -ls /dev/mcd0 && grep IHK-SMP /proc/interrupts && dmesg | grep 'IHK: Device'");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^\s*0 crw-------\s+1 root\s+root\s+\d+,\s+0 .* \/dev\/mcd0$/m);
    expect(r.out).toMatch(/^\s*5:\s+\d+\s+IO-APIC\s+5-fasteoi\s+IHK-SMP$/m);
    expect(r.out).toContain("IHK: Device builtin registered. /dev/mcd0 created.");
    expect((await inInstall(session, "sudo chown hpcuser /dev/mcd0 && stat -c %U /dev/mcd0")).out).toBe("hpcuser\n");
  });

  it("reserves CPUs 2,3 and 512 MiB taken from Linux", async () => {
    memFreeBefore = await memFreeKb(session);
    const r = await inInstall(session, "sbin/ihkconfig 0 reserve cpu 2,3 && sbin/ihkconfig 0 reserve mem 512M@0 && sbin/ihkconfig 0 query cpu && sbin/ihkconfig 0 query mem");
    expect(r).toEqual({ status: 0, out: "2-3\n536870912@0\n" });
    const dropKb = memFreeBefore - (await memFreeKb(session));
    expect(Math.abs(dropKb - 524288)).toBeLessThan(524288 * 0.01);
    expect((await inInstall(session, "dmesg | grep IHK-SMP | tail -n 3")).out).toMatch(
      /CPU 2 reserved successfully, APIC: 2\n.*CPU 3 reserved successfully, APIC: 3\n.*chunk 0x[0-9a-f]+ - 0x[0-9a-f]+ \(len: 536870912\) @ NUMA node: 0 is available\n/);
    expect(state()?.cpus.map((c) => c.kind)).toEqual(["linux", "free", "reserved", "reserved"]);
    expect(state()?.reserved.reduce((n, r) => n + r.size, 0)).toBe(512 * MiB);
  });

  it("creates OS 0 and assigns it the CPUs and memory", async () => {
    const r = await inInstall(session, [
      "sbin/ihkconfig 0 create",
      "sudo chown hpcuser /dev/mcos0",
      "ls -ls /dev/mcos0",
      "sbin/ihkconfig 0 get os_instances",
      "sbin/ihkosctl 0 assign cpu 2,3",
      "sbin/ihkosctl 0 assign mem 512M@0",
      "sbin/ihkosctl 0 query cpu",
      "sbin/ihkosctl 0 query mem",
      "sbin/ihkconfig 0 query cpu",
      "sbin/ihkosctl 0 get status",
    ].join(" && "));
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^\s*0 crw-------\s+1 hpcuser\s+root\s+\d+,\s+0 .* \/dev\/mcos0\n0\n2-3\n536870912@0\n\nINACTIVE\n$/);
    const os = state()?.oses[0];
    expect(os).toMatchObject({ index: 0, status: "INACTIVE", cpus: [2, 3], memory: { size: 512 * MiB } });
  });

  it("loads mckernel.img, sets kargs, boots it and shows McKernel's boot log", async () => {
    const r = await inInstall(session, [
      "sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img",
      'sbin/ihkosctl 0 kargs "hidos"',
      "sbin/ihkosctl 0 boot",
      "sbin/ihkosctl 0 get status",
      "sbin/ihkosctl 0 kmsg",
      "sbin/ihkosctl 0 query_free_mem",
    ].join(" && "));
    expect(r.status).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("RUNNING");
    const kmsg = r.out.slice(r.out.indexOf("MCK started."));
    expect(kmsg).toMatch(/^MCK started\.\n\[ -1\]: ns_per_tsc: \d+\n\[ -1\]: CPU: 2 3\n\[ -1\]: KCommand Line: hidos\n/);
    // McKernel's unit: ns per 1000 TSC ticks, from Linux's own TSC calibration.
    const tscKhz = Number((await inInstall(session, "dmesg | grep -o 'tsc: Detected [0-9.]* MHz' | grep -o '[0-9.]*'")).out) * 1000;
    expect(Number(/ns_per_tsc: (\d+)/.exec(kmsg)![1])).toBeCloseTo(1e9 / tscKhz, -1);
    const region = /\[ -1\]: Page allocator: ([0-9a-f]+) - ([0-9a-f]+) \(12\)\n/.exec(kmsg)!;
    expect(parseInt(region[2]!, 16) - parseInt(region[1]!, 16)).toBe(512 * MiB);
    const pages = Number(/\[ -1\]: Available pages: (\d+) pages\n/.exec(kmsg)![1]);
    expect(pages).toBeGreaterThan(131000);
    expect(pages).toBeLessThan(131072);
    // IHK acknowledged the master channel; with hidos the LWK now waits for mcctrl (ikc.test.ts).
    expect(kmsg).toContain("[ -1]: # of cpus : 2\n[  0]: BSP HW ID = 2\n[  0]: AP Booting: 1 (HW ID: 3)\n[  0]: AP Booting: Done\n[  0]: Master channel init acked.\n\n");
    expect(kmsg).not.toContain("MCK/IHK booted.");
    const mikc = (await inInstall(session, "dmesg | grep 'IHK: MIKC'")).out;
    const [rq, wq] = [...mikc.matchAll(/0x([0-9a-f]+)/g)].map((m) => parseInt(m[1]!, 16));
    expect(mikc).toMatch(/^\[[ \d.]+\] IHK: MIKC rq: 0x[0-9a-f]{8}, wq: 0x[0-9a-f]{8}\n$/);
    expect(wq! - rq!).toBe(4096);
    expect(parseInt(region[2]!, 16) - rq!).toBe(8192 + 4096 + 16384);
    expect(r.out).toContain(`number of free pages (4kB): ${pages}\n`);
    expect(state()?.cpus.map((c) => c.kind)).toEqual(["linux", "free", "running", "running"]);
    expect(state()?.oses[0]?.status).toBe("RUNNING");
  });

  it("refuses changes to a booted OS (EBUSY), destroy while /dev/mcos0 is open, and unloading the driver", async () => {
    const r = await inInstall(session, [
      "sbin/ihkosctl 0 assign cpu 1; echo $?",
      "sbin/ihkosctl 0 assign mem 4M; echo $?",
      "sbin/ihkosctl 0 boot; echo $?",
      // This shell keeps /dev/mcos0 open while ihkconfig tries to destroy the OS.
      "exec 3</dev/mcos0",
      "sbin/ihkconfig 0 destroy 0; echo $?",
      "exec 3<&-",
      "sudo rmmod ihk-smp-x86; echo rmmod $?",
      "sudo rmmod ihk; echo rmmod $?",
      "lsmod | grep -c ihk",
      "sbin/ihkosctl 0 get status",
    ].join("\n"));
    expect(r.out).toContain("error: assigning CPUs: 1\n1\n");
    expect(r.out).toContain("error: assigning memory: 4M\n1\n");
    expect(r.out).toContain("error: booting\n1\n");
    expect(r.out).toContain("error: destroying OS instance 0\n1\n");
    expect(r.out).toMatch(/rmmod [1-9]\d*\n[\s\S]*rmmod [1-9]\d*\n2\nRUNNING\n$/);
  });

  it("clears kmsg, shuts down, destroys and releases: Linux gets its memory back", async () => {
    const r = await inInstall(session, [
      "sbin/ihkosctl 0 clear_kmsg",
      "sbin/ihkosctl 0 kmsg | wc -c",
      "sbin/ihkosctl 0 shutdown",
      "sbin/ihkosctl 0 get status",
      "sbin/ihkconfig 0 destroy 0",
      "sbin/ihkconfig 0 get os_instances",
      "sbin/ihkconfig 0 release cpu 2,3",
      "sbin/ihkconfig 0 release mem 512M@0",
      "sbin/ihkconfig 0 query cpu",
      "sbin/ihkconfig 0 query mem",
      "ls /dev/mcos0 2>&1",
    ].join(" && echo ok\n"));
    expect(r.out).toBe("ok\n1\nok\nok\nSHUTDOWN\nok\nok\n\nok\nok\nok\n\nok\n\nok\nls: /dev/mcos0: No such file or directory\n");
    const backKb = await memFreeKb(session);
    expect(Math.abs(backKb - memFreeBefore)).toBeLessThan(memFreeBefore * 0.01);
    expect(state()).toEqual({ cpus: [{ kind: "linux" }, { kind: "free" }, { kind: "free" }, { kind: "free" }], reserved: [], oses: [] });
    await expectHealthyLinux(session);
  });

  it("unloads the modules once nothing is left", async () => {
    const r = await inInstall(session, "sudo rmmod ihk-smp-x86 && sudo rmmod ihk && lsmod | grep -c ihk; ls /dev/mcd0 2>&1");
    expect(r.out).toBe("0\nls: /dev/mcd0: No such file or directory\n");
    await expectHealthyLinux(session);
  });
});

describe("bad input to IHK", () => {
  let session: Session;
  beforeAll(async () => {
    session = await Session.open();
    expect((await inInstall(session, LOAD_MODULES)).status).toBe(0);
  });
  afterAll(async () => {
    await session.close();
  });

  const unchanged = "sbin/ihkconfig 0 query cpu; sbin/ihkconfig 0 query mem";

  it("gets IHK's error line for bad CPU lists and changes nothing", async () => {
    expect((await inInstall(session, "sbin/ihkconfig 0 reserve cpu 2")).status).toBe(0);
    for (const list of ["0", "2", "1,2", "4", "9", "abc", "-1", "0-3"]) {
      const r = await inInstall(session, `sbin/ihkconfig 0 reserve cpu ${list}; echo $?; ${unchanged}`);
      expect(r.out, list).toBe(`error: reserving CPUs: ${list}\n1\n2\n\n`);
    }
    const r = await inInstall(session, "sbin/ihkconfig 0 release cpu 3; echo $?; sbin/ihkconfig 0 release cpu 2; sbin/ihkconfig 0 query cpu");
    expect(r.out).toBe("error: releasing CPUs: 3\n1\n\n");
    expect((await inInstall(session, "dmesg | grep 'IHK-SMP: error: CPU'")).out).toMatch(
      /CPU 0 is online: it is Linux's\n.*CPU 2 was reserved already\n/);
  });

  it("gets IHK's error line for bad memory sizes and changes nothing", async () => {
    const before = await memFreeKb(session);
    for (const size of ["1Z", "0.5G", "1024G", "511M@A", "512M@1", "0", "-1", "2G"]) {
      const r = await inInstall(session, `sbin/ihkconfig 0 reserve mem ${size}; echo $?; ${unchanged}`);
      expect(r.out, size).toBe(`error: reserving memory: ${size}\n1\n\n\n`);
    }
    expect(Math.abs((await memFreeKb(session)) - before)).toBeLessThan(before * 0.01);
  });

  it("accepts 524288K@0, 512M and 512M@ alike", async () => {
    for (const size of ["524288K@0", "512M", "512M@"]) {
      const r = await inInstall(session, `sbin/ihkconfig 0 reserve mem ${size} && sbin/ihkconfig 0 query mem && sbin/ihkconfig 0 release mem ${size} && sbin/ihkconfig 0 query mem`);
      expect(r, size).toEqual({ status: 0, out: "536870912@0\n\n" });
    }
  });

  it("refuses assigning what is not reserved, booting without an image, and a corrupt image", async () => {
    await session.board.writeHomeFile("bad.img", new TextEncoder().encode("this is not a kernel image\n".repeat(100)));
    const r = await inInstall(session, [
      "sbin/ihkconfig 0 reserve cpu 1 && sbin/ihkconfig 0 reserve mem 256M && sbin/ihkconfig 0 create && sudo chown hpcuser /dev/mcos0",
      "sbin/ihkosctl 0 assign cpu 3; echo $?",
      "sbin/ihkosctl 0 assign mem 512M; echo $?",
      "sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img; echo $?",
      "sbin/ihkosctl 0 assign cpu 1 && sbin/ihkosctl 0 assign mem 256M@0",
      "sbin/ihkosctl 0 boot; echo $?",
      "sbin/ihkosctl 0 load ~/bad.img && sbin/ihkosctl 0 boot; echo $?",
      "sbin/ihkosctl 0 get status",
      "sbin/ihkosctl 0 load no-such.img; echo $?",
      "echo alive",
    ].join("\n"));
    expect(r.out).toBe([
      "error: assigning CPUs: 3", "1",
      "error: assigning memory: 512M", "1",
      "error: loading smp-x86/kernel/mckernel.img", "1",
      "error: booting", "1",
      "error: booting", "1",
      "INACTIVE",
      "error: loading no-such.img", "1",
      "alive", "",
    ].join("\n"));
    await expectHealthyLinux(session);
  });

  it("boots the good image after the corrupt one, on one CPU with 256 MiB", async () => {
    const r = await inInstall(session, "sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img && sbin/ihkosctl 0 boot && sbin/ihkosctl 0 get status && sbin/ihkosctl 0 kmsg");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^RUNNING\nMCK started\.\n/);
    expect(r.out).toContain("[ -1]: CPU: 1\n");
    expect(r.out).toMatch(/\[ -1\]: Page allocator: ([0-9a-f]+) - ([0-9a-f]+) \(12\)\n\[ -1\]: Available pages: 6\d{4} pages\n\[ -1\]: # of cpus : 1\n\[  0\]: BSP HW ID = 1\n\[  0\]: AP Booting: Done\n\[  0\]: Master channel init acked\.\nMCK\/IHK booted\.\n/);
    const teardown = await inInstall(session, "sbin/ihkconfig 0 destroy 0 && sbin/ihkconfig 0 release cpu 1 && sbin/ihkconfig 0 release mem 256M && sbin/ihkconfig 0 query cpu && sbin/ihkconfig 0 query mem");
    expect(teardown).toEqual({ status: 0, out: "\n\n" });
  });

  it("boots on CPUs 1,3", async () => {
    const r = await inInstall(session, [
      "sbin/ihkconfig 0 reserve cpu 1,3 && sbin/ihkconfig 0 reserve mem 256M@0 && sbin/ihkconfig 0 create && sudo chown hpcuser /dev/mcos0",
      "sbin/ihkosctl 0 assign cpu 1,3 && sbin/ihkosctl 0 assign mem 256M@0 && sbin/ihkosctl 0 query cpu",
      "sbin/ihkosctl 0 load smp-x86/kernel/mckernel.img && sbin/ihkosctl 0 boot && sbin/ihkosctl 0 kmsg | grep -E 'CPU:|HW ID'",
      "sbin/ihkconfig 0 destroy 0 && sbin/ihkconfig 0 release cpu 1,3 && sbin/ihkconfig 0 release mem 256M@0 && echo released",
    ].join(" && "));
    expect(r).toEqual({ status: 0, out: "1,3\n[ -1]: CPU: 1 3\n[  0]: BSP HW ID = 1\n[  0]: AP Booting: 1 (HW ID: 3)\nreleased\n" });
    await expectHealthyLinux(session);
  });

  it("reports an LWK that panics or hangs while booting, and destroys it", async () => {
    await session.board.writeHomeFile("panic.img", encodeImage("var mckernel = { start() { throw new Error('lwk bug'); } };"));
    await session.board.writeHomeFile("hang.img", encodeImage("var mckernel = { start() {} };"));
    for (const [image, status] of [["panic.img", "PANIC"], ["hang.img", "HUNGUP"]] as const) {
      const r = await inInstall(session, [
        "sbin/ihkconfig 0 reserve cpu 2 && sbin/ihkconfig 0 reserve mem 64M && sbin/ihkconfig 0 create && sudo chown hpcuser /dev/mcos0",
        `sbin/ihkosctl 0 assign cpu 2 && sbin/ihkosctl 0 assign mem 64M && sbin/ihkosctl 0 load ~/${image}`,
        "sbin/ihkosctl 0 boot; echo $?",
        "sbin/ihkosctl 0 get status",
        "sbin/ihkconfig 0 destroy 0 && sbin/ihkconfig 0 release cpu 2 && sbin/ihkconfig 0 release mem 64M && echo released",
      ].join("\n"));
      expect(r.out, image).toBe(`error: booting\n1\n${status}\nreleased\n`);
    }
    expect((await inInstall(session, "dmesg | grep -c 'IHK: OS does not become ready.'")).out).toBe("2\n");
    await expectHealthyLinux(session);
  });
});
