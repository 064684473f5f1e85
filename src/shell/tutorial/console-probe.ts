// Runs a lab check's shell script in the guest without disturbing the learner's terminal.
// cn01 has one console (ttyS0), so the check goes through the learner's shell, isolated:
//  - only when that shell waits at an empty prompt (ShellIdle);
//  - the script sits in a file in the home share and runs in a child `sh`, so it cannot
//    change the learner's shell (directory, variables); it deletes its own file;
//  - everything the console prints from the typed line to the next prompt is kept off the
//    screen, and the learner's keystrokes meanwhile are held back and sent afterwards;
//  - its output is cut out between markers that start with byte 0x02, which the echoed
//    command line never contains.
// The one trace left is the line in the shell's history. A second console (ttyS1) would
// remove it; see the lab checks' notes in src/labs/README.md.

import { ShellIdle } from "./shell-idle.ts";

export interface ProbeResult {
  status: number;
  output: string;
}

export interface ProbeHost {
  sendInput(bytes: Uint8Array): void;
  writeHomeFile(path: string, data: Uint8Array): Promise<void>;
  /** Shows console output in the terminal. */
  display(bytes: Uint8Array): void;
}

export class ProbeBusyError extends Error {
  override name = "ProbeBusyError";
}

const PROBE_DIR = ".cn01-check";
const RUN_TIMEOUT_MS = 60_000;
/** After the end marker, how long to wait for the prompt before showing output again. */
const PROMPT_GRACE_MS = 3_000;

interface ActiveProbe {
  nonce: string;
  captured: string;
  ended: boolean;
  finish: (result: ProbeResult | Error) => void;
}

function wrapper(nonce: string, script: string): string {
  return [
    'rm -f "$0"',
    `printf '\\002B%s\\n' ${nonce}`,
    "(",
    script,
    ") </dev/null 2>&1",
    `printf '\\002E%s:%d\\n' ${nonce} $?`,
    "",
  ].join("\n");
}

export class ConsoleProbe {
  readonly shell: ShellIdle;
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();
  private active: ActiveProbe | undefined;
  private held: string[] = [];

  constructor(private readonly host: ProbeHost, private readonly home: string, promptPrefix: string) {
    this.shell = new ShellIdle(promptPrefix);
  }

  /** Every console chunk goes through here on its way to the terminal. */
  fromGuest(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    if (!this.active) {
      this.shell.output(text);
      this.host.display(bytes);
      return;
    }
    this.capture(this.active, text);
  }

  /** Every keystroke of the learner (and Run) goes through here on its way to the guest. */
  fromLearner(data: string): void {
    if (this.active) {
      this.held.push(data);
      return;
    }
    this.shell.input(data);
    this.host.sendInput(this.encoder.encode(data));
  }

  /** Runs a script as the learner's user, in the shell's working directory. */
  async run(script: string): Promise<ProbeResult> {
    if (this.active || !this.shell.idle) throw new ProbeBusyError("the terminal is busy");
    const nonce = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join("");
    const file = `${PROBE_DIR}/${nonce}`;
    await this.host.writeHomeFile(file, this.encoder.encode(wrapper(nonce, script)));
    if (!this.shell.idle) throw new ProbeBusyError("the terminal is busy");
    return new Promise<ProbeResult>((resolve, reject) => {
      const timer = setTimeout(() => this.end(new Error("the check did not finish within a minute")), RUN_TIMEOUT_MS);
      this.active = {
        nonce,
        captured: "",
        ended: false,
        finish: (result) => {
          clearTimeout(timer);
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      this.host.sendInput(this.encoder.encode(`sh ${this.home}/${file}\r`));
    });
  }

  private capture(probe: ActiveProbe, text: string): void {
    probe.captured += text;
    if (!probe.ended) {
      const end = new RegExp(`\\x02E${probe.nonce}:(\\d+)\\r?\\n`).exec(probe.captured);
      if (!end) return;
      probe.ended = true;
      const begin = probe.captured.indexOf(`\x02B${probe.nonce}`);
      const body = probe.captured.slice(probe.captured.indexOf("\n", begin) + 1, end.index).replace(/\r/g, "");
      probe.finish({ status: Number(end[1]), output: body });
      probe.captured = probe.captured.slice(end.index + end[0].length);
      setTimeout(() => this.active === probe && this.end(), PROMPT_GRACE_MS);
    }
    if (this.shell.endsWithPrompt(probe.captured)) this.end();
  }

  /** Stops hiding output and sends the keystrokes held meanwhile. */
  private end(error?: Error): void {
    const probe = this.active;
    this.active = undefined;
    if (error && probe && !probe.ended) probe.finish(error);
    const held = this.held.join("");
    this.held = [];
    if (held) this.fromLearner(held);
  }
}
