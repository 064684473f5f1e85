import { describe, expect, it } from "vitest";
import { CursorReporter } from "../../src/cli/cursor-reporter.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("the stand-in terminal's cursor report", () => {
  it("answers busybox's query after a prompt with the column the prompt ends at", () => {
    const reporter = new CursorReporter();
    expect(reporter.feed(bytes("ls\r\nbin  src\r\nhpcuser@cn01:~$ \x1b[6n"))).toBe("\x1b[1;17R");
  });

  it("follows the query and the column across chunks", () => {
    const reporter = new CursorReporter();
    expect(reporter.feed(bytes("ab\x1b["))).toBe("");
    expect(reporter.feed(bytes("6"))).toBe("");
    expect(reporter.feed(bytes("ncd\x1b[6n"))).toBe("\x1b[1;3R\x1b[1;5R");
  });

  it("gives escape sequences, control bytes and UTF-8 continuation bytes no room; tabs and backspaces move", () => {
    const reporter = new CursorReporter();
    expect(reporter.feed(bytes("\x1b[1;32mé\x1b[0m\x07x\tab\b\x1b[6n"))).toBe("\x1b[1;10R");
  });

  it("answers nothing else, and recovers from a sequence that never ends", () => {
    const reporter = new CursorReporter();
    expect(reporter.feed(bytes("\x1b[5n\x1b[6\x1b[16n\x1b(B"))).toBe("");
    expect(reporter.feed(bytes(`\x1b[${"1;".repeat(20)}\r\x1b[6n`))).toBe("\x1b[1;1R");
  });
});
