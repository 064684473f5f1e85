// Download progress arrives per network chunk (hundreds per file); the page needs a few
// updates a second. Passes the first and last report of a file and at most one per interval.

import type { ProgressListener } from "./image-source.ts";

export const PROGRESS_INTERVAL_MS = 100;

export function throttleProgress(listener: ProgressListener, intervalMs = PROGRESS_INTERVAL_MS): ProgressListener {
  let last = -Infinity;
  return (loaded, total) => {
    const now = performance.now();
    if (loaded === 0 || loaded >= total || now - last >= intervalMs) {
      last = now;
      listener(loaded, total);
    }
  };
}
