// The `cn01` command on the real guest, booted headless from the boot snapshot.

import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultManifestPath } from "../../src/cli/paths.ts";
import { runCli } from "./helpers.ts";

describe("npx cn01 -c", () => {
  it("exits with the status of the commands (run as `npx cn01`)", async () => {
    const run = await runCli(["-c", "exit 3"], true);
    expect(run.stderr).toBe("");
    expect(run.stdout.toString()).toBe("");
    expect(run.status).toBe(3);
  });

  it("prints exactly the commands' output: no echo, no prompt", async () => {
    const run = await runCli(["-c", "echo $((6*7))"]);
    expect(run.stdout.toString()).toBe("42\n");
    expect(run.status).toBe(0);
  });

  it("runs several commands as hpcuser in ~ and passes both output streams", async () => {
    const run = await runCli(["-c", "id -un; pwd\necho to-stderr >&2; false"]);
    expect(run.stdout.toString()).toBe("hpcuser\n/home/hpcuser\nto-stderr\n");
    expect(run.status).toBe(1);
  });

  it("--put copies a 1 MB file into the home unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cn01-put-"));
    const data = randomBytes(1024 * 1024);
    writeFileSync(join(dir, "blob.bin"), data);
    const sha = createHash("sha256").update(data).digest("hex");
    const run = await runCli(["--put", `${join(dir, "blob.bin")}:in/blob.bin`, "-c", "sha256sum in/blob.bin; stat -c '%U %s' in/blob.bin"]);
    expect(run.stdout.toString()).toBe(`${sha}  in/blob.bin\nhpcuser 1048576\n`);
    expect(run.status).toBe(0);
  });

  it("--mem other than the snapshot's cold-boots with that much RAM", async () => {
    const run = await runCli(["--mem", "512M", "-c", "grep MemTotal /proc/meminfo"]);
    const kib = Number(/MemTotal:\s+(\d+) kB/.exec(run.stdout.toString())?.[1]);
    expect(kib).toBeGreaterThan(400 * 1024);
    expect(kib).toBeLessThanOrEqual(512 * 1024);
    expect(run.stderr).toContain("512 MiB");
  });

  it("--cold boots the kernel of machine.json (Session tests check it is not restored)", async () => {
    const machine = JSON.parse(readFileSync(defaultManifestPath(), "utf8")) as { kernelRelease: string };
    const run = await runCli(["--cold", "-c", "uname -r"]);
    expect(run.stdout.toString()).toBe(`${machine.kernelRelease}\n`);
    expect(run.status).toBe(0);
  });

  it.each([
    [["--mem", "lots"], "is not a size"],
    [["--put", "/no/such/file", "-c", "true"], "/no/such/file"],
    [["--bogus"], "Unknown option"],
  ])("rejects bad input %j with a clear message", async (args, message) => {
    const run = await runCli(args);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
  });
});
