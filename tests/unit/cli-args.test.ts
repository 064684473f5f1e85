import { describe, expect, it } from "vitest";
import { parseCliArgs, parseMemorySize, parsePut, UsageError } from "../../src/cli/args.ts";

const home = "/home/hpcuser";

describe("cn01 arguments", () => {
  it("reads -c, --cold, --mem and repeated --put", () => {
    const args = parseCliArgs(["-c", "echo hi", "--cold", "--mem", "512M", "--put", "a.txt", "--put", "b.bin:x/y.bin"]);
    expect(args).toEqual({ help: false, commands: "echo hi", cold: true, memoryBytes: 512 * 2 ** 20, putSpecs: ["a.txt", "b.bin:x/y.bin"] });
  });

  it("rejects unknown options and positional words with a usage error", () => {
    expect(() => parseCliArgs(["--colt"])).toThrow(UsageError);
    expect(() => parseCliArgs(["ls"])).toThrow(UsageError);
  });

  it.each([["2G", 2048], ["512M", 512], ["1536", 1536], ["128MiB", 128], ["2g", 2048]])("reads --mem %s as %i MiB", (text, mib) => {
    expect(parseMemorySize(text)).toBe(mib * 2 ** 20);
  });

  it.each([["lots", "is not a size"], ["1000K", "whole number of MiB"], ["32M", "outside 128M..2G"], ["64M", "outside"], ["3G", "outside"], ["4G", "outside"]])("rejects --mem %s", (text, message) => {
    expect(() => parseMemorySize(text)).toThrow(message);
  });

  it("puts files into ~ by name, by relative path, by absolute path inside home, into folders", () => {
    expect(parsePut("/tmp/data.bin", home)).toEqual({ localPath: "/tmp/data.bin", homePath: "data.bin" });
    expect(parsePut("data.bin:in/d.bin", home)).toEqual({ localPath: "data.bin", homePath: "in/d.bin" });
    expect(parsePut("data.bin:/home/hpcuser/x/", home)).toEqual({ localPath: "data.bin", homePath: "x/data.bin" });
    expect(parsePut("data.bin:~/y.bin", home)).toEqual({ localPath: "data.bin", homePath: "y.bin" });
  });

  it("refuses guest paths outside home", () => {
    expect(() => parsePut("a:/etc/passwd", home)).toThrow("must be inside /home/hpcuser");
    expect(() => parsePut("a:../../etc/x", home)).toThrow('must not contain ".."');
    expect(() => parsePut(":x", home)).toThrow("no local file");
  });
});
