import { describe, expect, it, vi } from "vitest";
import { SerialBatcher } from "../../src/emu/board/serial-batcher.ts";

describe("SerialBatcher", () => {
  it("delivers chunks pushed within one batch period as one message, in order", () => {
    vi.useFakeTimers();
    const delivered: Uint8Array[] = [];
    const batcher = new SerialBatcher((bytes) => delivered.push(bytes), 16);
    batcher.push(new Uint8Array([1, 2]));
    batcher.push(new Uint8Array([3]));
    expect(delivered).toHaveLength(0);
    vi.advanceTimersByTime(16);
    batcher.push(new Uint8Array([4]));
    vi.advanceTimersByTime(16);
    expect(delivered).toEqual([new Uint8Array([1, 2, 3]), new Uint8Array([4])]);
    vi.useRealTimers();
  });
});
