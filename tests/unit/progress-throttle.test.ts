import { describe, expect, it, vi } from "vitest";
import { throttleProgress } from "../../src/emu/board/progress-throttle.ts";

describe("throttleProgress", () => {
  it("passes the first and the last report and at most one per interval between", () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const progress = throttleProgress((loaded) => seen.push(loaded), 100);
    progress(0, 1000);
    for (let loaded = 10; loaded < 1000; loaded += 10) {
      progress(loaded, 1000);
      vi.advanceTimersByTime(10);
    }
    progress(1000, 1000);
    vi.useRealTimers();
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1000);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.length).toBeLessThan(15);
  });
});
