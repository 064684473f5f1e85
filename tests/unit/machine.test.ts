import { describe, expect, it } from "vitest";
import { imageDigests, MachineManifestError, parseMachineManifest } from "../../src/emu/board/machine.ts";
import { validManifestJson } from "./fixtures.ts";

describe("parseMachineManifest", () => {
  it("accepts the contract's machine.json and keeps every field", () => {
    const machine = parseMachineManifest(validManifestJson());
    expect(machine.files.bzimage).toEqual({ path: "bzImage", sha256: "c".repeat(64), size: 2400000 });
    expect(machine.user).toEqual({ name: "hpcuser", uid: 1000, gid: 1000, home: "/home/hpcuser" });
    expect(machine.prompt).toBe("hpcuser@cn01:~$ ");
    expect(imageDigests(machine).home).toBe("e".repeat(64));
  });

  it.each([
    ["a missing file entry", (j: any) => delete j.files.initrd, "files.initrd must be an object"],
    ["a bad hash", (j: any) => (j.files.bios.sha256 = "xyz"), "files.bios.sha256 must be 64 lowercase hex digits"],
    ["a path leaving the folder", (j: any) => (j.files.home.path = "../home.tar"), "files.home.path must stay inside"],
    ["memory that is not whole MiB", (j: any) => (j.memoryBytes = 100_000_001), "memoryBytes must be a whole number of MiB"],
    ["acpi as text", (j: any) => (j.acpi = "yes"), "acpi must be true or false"],
    ["no prompt", (j: any) => delete j.prompt, "prompt must be a non-empty string"],
    ["a negative uid", (j: any) => (j.user.uid = -1), "user.uid must be a non-negative integer"],
  ])("rejects %s with a message naming the field", (_, mutate, message) => {
    const json = validManifestJson();
    mutate(json);
    expect(() => parseMachineManifest(json)).toThrow(MachineManifestError);
    expect(() => parseMachineManifest(json)).toThrow(message);
  });

  it("rejects a document that is not an object", () => {
    expect(() => parseMachineManifest([])).toThrow("machine.json: the document must be an object");
  });
});
