// Runs a command list in the guest's shell over the serial console and separates its output
// from everything else on the console (the echoed command line, prompts, the terminal query
// busybox sends): a wrapper script in the home share prints unique markers around the output
// and the exit status. Markers start with byte 0x02, which the typed (echoed) line never contains.

import type { Board } from "../emu/board/board.ts";
import { concatBytes } from "../emu/board/bytes.ts";

export interface CommandResult {
  status: number;
  output: Uint8Array;
}

const encoder = new TextEncoder();
const WORKDIR = ".cn01";

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function wrapperScript(nonce: string, home: string): string {
  // -onlcr: the commands' "\n" reaches the host as "\n", not the tty's "\r\n".
  return [
    "stty -onlcr 2>/dev/null",
    `printf '\\002B${nonce}\\n'`,
    `cd ${home} && sh ${WORKDIR}/cmd-${nonce}`,
    "status=$?",
    "stty onlcr 2>/dev/null",
    `printf '\\002E${nonce}:%d\\n' "$status"`,
    "",
  ].join("\n");
}

/**
 * Types a command line that runs `commands` as a script; streams the commands' output to
 * onOutput and resolves with their exit status. The guest shell must be at its prompt.
 */
export async function runInGuest(board: Board, home: string, commands: string, onOutput: (chunk: Uint8Array) => void): Promise<number> {
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("");
  await board.writeHomeFile(`${WORKDIR}/cmd-${nonce}`, encoder.encode(commands.endsWith("\n") ? commands : commands + "\n"));
  await board.writeHomeFile(`${WORKDIR}/run-${nonce}`, encoder.encode(wrapperScript(nonce, home)));
  const begin = encoder.encode(`\x02B${nonce}\n`);
  const end = encoder.encode(`\x02E${nonce}:`);
  const status = await new Promise<number>((resolve) => {
    let buffer: Uint8Array = new Uint8Array(0);
    let started = false;
    const unsubscribe = board.onSerial((chunk) => {
      buffer = concatBytes(buffer, chunk);
      if (!started) {
        const at = indexOf(buffer, begin);
        if (at === -1) return;
        started = true;
        buffer = buffer.subarray(at + begin.length);
      }
      const stop = indexOf(buffer, end);
      if (stop === -1) {
        // Keep a tail that might be the start of the end marker.
        const safe = Math.max(0, buffer.length - end.length + 1);
        if (safe > 0) onOutput(buffer.slice(0, safe));
        buffer = buffer.subarray(safe);
        return;
      }
      const newline = buffer.indexOf(0x0a, stop);
      if (newline === -1) return;
      if (stop > 0) onOutput(buffer.slice(0, stop));
      unsubscribe();
      resolve(Number(new TextDecoder().decode(buffer.subarray(stop + end.length, newline))));
    });
    board.sendInput(encoder.encode(`sh ${home}/${WORKDIR}/run-${nonce}\r`));
  });
  await board.removeHomeFile(WORKDIR);
  return status;
}
