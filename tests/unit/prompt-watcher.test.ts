import { describe, expect, it } from "vitest";
import { PromptWatcher } from "../../src/emu/board/prompt-watcher.ts";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("PromptWatcher", () => {
  it("finds prompts split across chunks and followed by busybox's cursor query", () => {
    const watcher = new PromptWatcher("hpcuser@cn01:~$ ");
    expect(watcher.feed(bytes("boot log...\r\nhpcuser@cn"))).toBe(0);
    expect(watcher.feed(bytes("01:~$ \x1b[6n"))).toBe(1);
    expect(watcher.feed(bytes("ls\r\nhpcuser@cn01:~$ \x1b[6nhpcuser@cn01:~$ "))).toBe(2);
  });

  it("ignores near misses", () => {
    const watcher = new PromptWatcher("hpcuser@cn01:~$ ");
    expect(watcher.feed(bytes("hpcuser@cn01:~/src$ hpcuser@cn01:~$"))).toBe(0);
    expect(watcher.feed(bytes("hhpcuser@cn01:~$ "))).toBe(1);
  });
});
