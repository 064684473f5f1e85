// `cn01` without -c: the guest's serial console on this terminal. The terminal goes raw so
// every key (Ctrl-C included) reaches the guest; Ctrl-] ends the session.

import type { Session } from "./session.ts";

const CTRL_RIGHT_BRACKET = 0x1d;

export function runInteractive(session: Session): Promise<void> {
  const { stdin, stdout } = process;
  return new Promise((resolve) => {
    const detachTerminal = session.attachTerminal();
    const unsubscribe = session.board.onSerial((chunk) => stdout.write(chunk));
    const finish = (): void => {
      unsubscribe();
      detachTerminal();
      stdin.off("data", onData);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdout.write("\r\n[cn01: session closed]\r\n");
      resolve();
    };
    const onData = (data: Buffer): void => {
      const quit = data.indexOf(CTRL_RIGHT_BRACKET);
      if (quit !== -1) {
        if (quit > 0) session.board.sendInput(data.subarray(0, quit));
        finish();
        return;
      }
      session.board.sendInput(data);
    };
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on("data", onData);
    stdin.once("end", finish);
    stdin.resume();
    if (stdout.isTTY) stdout.write("[cn01: Ctrl-] quits]\r\n");
    // Ask the shell for a fresh prompt: it printed the last one before this terminal listened.
    session.board.sendInput(new Uint8Array([0x0d]));
  });
}
