// How the board's scheduler gets back control from the host's event loop. A macrotask (not a
// microtask) lets messages from the page and timers run between slices.
// Browsers (also in a worker): a MessageChannel ping-pong, which is not clamped like setTimeout.
// Node: setImmediate; a MessageChannel ping-pong in Node starves the loop (measured: 1 slice/s).

export interface LoopHost {
  /** Runs task in a new macrotask, as soon as possible. */
  post(task: () => void): void;
  /** Runs task after delayMs; returns a function that cancels it. */
  after(delayMs: number, task: () => void): () => void;
  now(): number;
}

function timers(): Pick<LoopHost, "after" | "now"> {
  return {
    after(delayMs, task) {
      const handle = setTimeout(task, delayMs);
      return () => clearTimeout(handle);
    },
    now: () => performance.now(),
  };
}

export function createMessageChannelLoopHost(): LoopHost {
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return {
    post(task) {
      queue.push(task);
      channel.port2.postMessage(null);
    },
    ...timers(),
  };
}

export function createImmediateLoopHost(): LoopHost {
  return { post: (task) => void setImmediate(task), ...timers() };
}

/** The right loop host for the running environment. */
export function createLoopHost(): LoopHost {
  return typeof globalThis.setImmediate === "function" ? createImmediateLoopHost() : createMessageChannelLoopHost();
}
