import { describe, expect, it } from "vitest";
import { throttle } from "../../src/emu/board/throttle.ts";
import { VirtualLoop } from "./virtual-loop.ts";

describe("throttle", () => {
  it("passes the first notice at once and folds a burst into one call per interval", () => {
    const loop = new VirtualLoop();
    const calls: number[] = [];
    const notify = throttle(() => calls.push(loop.time), 100, loop);
    for (const at of [0, 10, 20, 30]) {
      loop.time = at;
      notify();
    }
    loop.step();
    loop.time = 150;
    notify();
    notify();
    loop.step();
    expect(calls).toEqual([0, 100, 200]);
    expect(loop.step()).toBe(false);
    loop.time = 1000;
    notify();
    expect(calls.at(-1)).toBe(1000);
  });
});
