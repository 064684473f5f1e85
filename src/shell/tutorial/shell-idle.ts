// Knows whether the learner's shell waits at an empty prompt: the last thing the console
// printed is a prompt (user@host:<dir>$ ) and the learner has typed nothing since. Lab checks
// and Run only act then, so they never mix with a half-typed line or a running program.

const TAIL_CHARS = 256;
/** xterm.js answers busybox's cursor-position query (ESC[6n) through the input path: not typing. */
const CURSOR_REPORT = /^\x1b\[\d+;\d+R$/;
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r/g;

export class ShellIdle {
  private tail = "";
  private typed = false;
  private readonly prompt: RegExp;
  private readonly waiters = new Set<() => void>();

  /** promptPrefix: the prompt up to the working directory, e.g. "hpcuser@cn01:". */
  constructor(promptPrefix: string) {
    const quoted = promptPrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    this.prompt = new RegExp(`${quoted}[^\\n]*\\$ $`);
  }

  get idle(): boolean {
    return !this.typed && this.prompt.test(this.tail);
  }

  /** Feeds console output (already decoded). */
  output(text: string): void {
    const clean = text.replace(ESCAPES, "");
    // Only text ends a command: escape sequences alone (e.g. busybox's late cursor query)
    // leave the old prompt at the tail and must not count as a new one.
    if (!clean) return;
    this.tail = (this.tail + clean).slice(-TAIL_CHARS);
    if (this.prompt.test(this.tail)) this.typed = false;
    if (this.idle) for (const wake of [...this.waiters]) wake();
  }

  /** Feeds what the learner typed. */
  input(data: string): void {
    if (!CURSOR_REPORT.test(data)) this.typed = true;
  }

  /** True if the text ends with a prompt (used to spot the prompt after a hidden check). */
  endsWithPrompt(text: string): boolean {
    return this.prompt.test(text.replace(ESCAPES, ""));
  }

  /** Resolves when the shell is idle; rejects after timeoutMs. */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error("the terminal stayed busy"));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
