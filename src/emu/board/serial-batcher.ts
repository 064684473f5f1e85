// Collects console output for a few milliseconds so the worker posts one message per batch
// instead of one per v86 slice.

export const SERIAL_BATCH_MS = 16;

export class SerialBatcher {
  private chunks: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deliver: (bytes: Uint8Array) => void, private readonly delayMs = SERIAL_BATCH_MS) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.chunks.length === 0) return;
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    this.chunks = [];
    this.deliver(out);
  }
}
