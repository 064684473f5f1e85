// Passes a burst of change notices on at most once per interval: the first at once, the rest
// folded into one call at the end of the interval (the callee reads the latest state then).

import type { LoopHost } from "./loop-host.ts";

export function throttle(call: () => void, intervalMs: number, host: Pick<LoopHost, "after" | "now">): () => void {
  let last = -Infinity;
  let pending = false;
  const fire = (): void => {
    pending = false;
    last = host.now();
    call();
  };
  return () => {
    if (pending) return;
    const wait = last + intervalMs - host.now();
    if (wait <= 0) return fire();
    pending = true;
    host.after(wait, fire);
  };
}
