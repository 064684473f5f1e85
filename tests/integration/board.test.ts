// The headless board on the real guest: snapshot restore and its checks, the 9p home in both
// directions, reset and reboot, the console, host device state beside the snapshot.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeBoard } from "../../src/cli/node-board.ts";
import { defaultManifestPath, defaultSnapshotPath } from "../../src/cli/paths.ts";
import { Session } from "../../src/cli/session.ts";
import type { DeviceBus, HostDevice } from "../../src/emu/board/host-device.ts";
import { encodeSnapshot, openSnapshot, readSnapshotHeader, readSnapshotState } from "../../src/emu/board/snapshot.ts";
import { nextEvent, text } from "./helpers.ts";

const run = async (session: Session, commands: string) => {
  const result = await session.runCommands(commands);
  return { status: result.status, out: text(result.output) };
};

describe("a board restored from the boot snapshot", () => {
  let session: Session;
  beforeAll(async () => {
    session = await Session.open();
  });
  afterAll(async () => {
    await session.close();
  });

  it("is restored, not booted", () => {
    expect(session.report).toEqual({ mode: "restored" });
  });

  it("shows the console line saved with the snapshot (the prompt), and the shell answers at once", async () => {
    const { board, machine } = await createNodeBoard(defaultManifestPath());
    let screen = "";
    board.onSerial((bytes) => (screen += text(bytes)));
    const prompt = nextEvent(board, "prompt");
    try {
      const report = await board.start({ machine, snapshot: openSnapshot(new Uint8Array(readFileSync(defaultSnapshotPath()))) });
      await prompt;
      expect(report.mode).toBe("restored");
      // Busybox's shell asks the terminal where its cursor is right after the prompt.
      expect(screen.startsWith(machine.prompt)).toBe(true);
      board.sendInput(new TextEncoder().encode("echo $((6 * 7))\r"));
      await expect.poll(() => screen, { timeout: 20_000 }).toContain(`42\r\n${machine.prompt}`);
    } finally {
      await board.shutdown();
    }
  });

  it("shows 4 CPUs with only CPU 0 online", async () => {
    const { out } = await run(session, "lscpu");
    expect(out).toMatch(/^CPU\(s\):\s+4$/m);
    expect(out).toMatch(/^\s*On-line CPU\(s\) list:\s+0$/m);
    expect(out).toMatch(/^\s*Off-line CPU\(s\) list:\s+1-3$/m);
  });

  it("has the pristine home on its 9p share, owned by hpcuser", async () => {
    const { out } = await run(session, "mount | grep ' /home/hpcuser '; stat -c '%U:%G' ~ ~/src; ls ~/install");
    expect(out).toContain("9p");
    expect(out).toContain("hpcuser:hpcuser\nhpcuser:hpcuser\n");
    expect(out).toContain(session.machine.kernelRelease);
  });

  it("sees files the host writes, and the host sees files the guest writes", async () => {
    await session.board.writeHomeFile("from-host.txt", new TextEncoder().encode("hello guest\n"));
    const changed = nextEvent(session.board, "home-changed");
    const { out } = await run(session, "cat from-host.txt; echo 'hello host' > from-guest.txt");
    expect(out).toBe("hello guest\n");
    await changed;
    expect(text(await session.board.readHomeFile("from-guest.txt"))).toBe("hello host\n");
  });

  it("moves the home to another board (what the page does through IndexedDB)", async () => {
    await run(session, "mkdir -p keep/deep && echo kept > keep/deep/file && ln -s deep/file keep/link && chmod 700 keep");
    const home = await session.board.exportHome();
    const other = await Session.open();
    try {
      await other.board.importHome(home);
      const { out } = await run(other, "cat keep/link; stat -c '%a %U' keep");
      expect(out).toBe("kept\n700 hpcuser\n");
    } finally {
      await other.close();
    }
  });

  it("puts the pristine home back on reset", async () => {
    await run(session, "echo gone > doomed.txt; rm -rf src");
    await session.board.resetHome();
    const { out } = await run(session, "ls doomed.txt 2>&1; ls -d src");
    expect(out).toContain("No such file or directory");
    expect(out).toContain("src\n");
  });

  it("passes Ctrl-C to the guest", async () => {
    session.board.sendInput(new TextEncoder().encode("sleep 1000\r"));
    const prompt = nextEvent(session.board, "prompt");
    session.board.sendInput(new Uint8Array([0x03]));
    await prompt;
    const { out } = await run(session, "echo alive");
    expect(out).toBe("alive\n");
  });

  it("keeps Linux healthy (no BUG, Oops or WARNING in dmesg)", async () => {
    const { out } = await run(session, "dmesg | grep -E 'BUG:|Oops|WARNING:' | wc -l");
    expect(out.trim()).toBe("0");
  });
});

describe("boot snapshot checks", () => {
  it("falls back to a cold boot, saying why, when the snapshot is from other images", async () => {
    const real = new Uint8Array(readFileSync(defaultSnapshotPath()));
    const header = readSnapshotHeader(real);
    header.images.initrd = "0".repeat(64);
    const stale = join(mkdtempSync(join(tmpdir(), "cn01-snap-")), "stale.snapshot");
    writeFileSync(stale, await encodeSnapshot(header, await readSnapshotState(real)));
    const notices: string[] = [];
    const session = await Session.open({ snapshotPath: stale, onNotice: (m) => notices.push(m) });
    try {
      expect(session.report.mode).toBe("cold");
      expect(session.report.fallbackReason).toContain("initrd changed");
      expect(notices.join("\n")).toContain("Cold boot");
      expect((await run(session, "echo booted")).out).toBe("booted\n");
    } finally {
      await session.close();
    }
  });

  it("reboots from the kernel and keeps the home", async () => {
    const session = await Session.open();
    try {
      await run(session, "echo survives > reboot.txt");
      const prompt = nextEvent(session.board, "prompt");
      await session.board.reboot();
      await prompt;
      const { out } = await run(session, "cat reboot.txt; cut -d. -f1 /proc/uptime");
      expect(out.split("\n")[0]).toBe("survives");
      expect(Number(out.split("\n")[1])).toBeLessThan(120);
    } finally {
      await session.close();
    }
  });
});

describe("host devices", () => {
  /** A device with a scratch register on a free port; its state goes beside the snapshot. */
  class ScratchDevice implements HostDevice {
    readonly name = "scratch";
    value = 0;
    attached = 0;
    attach(bus: DeviceBus): void {
      this.attached++;
      bus.registerPort(0x5f0, { read8: () => this.value, write8: (v) => void (this.value = v) });
    }
    saveState(): unknown {
      return { value: this.value };
    }
    restoreState(state: unknown): void {
      this.value = (state as { value: number }).value;
    }
  }

  it("saves device state beside the snapshot and restores it, re-attaching the device", async () => {
    const first = await Session.open();
    const device = new ScratchDevice();
    first.board.addDevice(device);
    device.value = 0x5a;
    const snapshot = await first.board.saveSnapshot();
    await first.close();
    expect(readSnapshotHeader(snapshot).devices.scratch).toEqual({ value: 0x5a });

    const restoredDevice = new ScratchDevice();
    const { board, machine } = await createNodeBoard(defaultManifestPath());
    board.addDevice(restoredDevice);
    const report = await board.start({ machine, snapshot: openSnapshot(snapshot) });
    try {
      expect(report.mode).toBe("restored");
      expect(restoredDevice.value).toBe(0x5a);
      expect(restoredDevice.attached).toBe(1);
    } finally {
      await board.shutdown();
    }
  });
});
