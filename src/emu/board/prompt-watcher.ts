// Spots the guest's shell prompt in the serial byte stream (chunks may split it anywhere).

export class PromptWatcher {
  private readonly prompt: Uint8Array;
  private matched = 0;

  constructor(prompt: string) {
    this.prompt = new TextEncoder().encode(prompt);
  }

  /** Feeds output bytes; returns how many complete prompts they finished. */
  feed(bytes: Uint8Array): number {
    let seen = 0;
    for (const byte of bytes) {
      if (byte === this.prompt[this.matched]) this.matched++;
      else this.matched = byte === this.prompt[0] ? 1 : 0;
      if (this.matched === this.prompt.length) {
        seen++;
        this.matched = 0;
      }
    }
    return seen;
  }
}
