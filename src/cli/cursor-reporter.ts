// A terminal's answer to the cursor-position query (ESC [ 6 n), for sessions with no terminal
// attached: commands run with -c, and the integration tests. Busybox's line editor asks after
// every prompt. Left unanswered, the shell waits 20 ms after each command line with the
// terminal still raw, and a line typed in that moment never reaches the command.

const ESC = 0x1b;
const CSI = 0x5b; // "[" after ESC
const QUERY = [ESC, CSI, 0x36, 0x6e]; // ESC [ 6 n
/** Longest escape sequence followed; anything longer is not one a shell sends. */
const MAX_SEQUENCE = 32;

/** Follows the cursor's column through console output and answers each query with it. */
export class CursorReporter {
  private column = 0;
  /** The escape sequence being read, across chunks; empty outside one. */
  private sequence: number[] = [];

  /** Feeds console output; returns what a terminal would type back (empty for nothing). */
  feed(chunk: Uint8Array): string {
    let answers = "";
    for (const byte of chunk) {
      if (this.sequence.length === 0 && byte !== ESC) {
        this.column = nextColumn(this.column, byte);
        continue;
      }
      this.sequence.push(byte);
      if (!sequenceEnded(this.sequence)) continue;
      if (isQuery(this.sequence)) answers += `\x1b[1;${this.column + 1}R`;
      this.sequence = [];
    }
    return answers;
  }
}

function sequenceEnded(sequence: number[]): boolean {
  if (sequence.length < 2) return false;
  if (sequence[1] !== CSI || sequence.length >= MAX_SEQUENCE) return true;
  const last = sequence[sequence.length - 1]!;
  return sequence.length > 2 && last >= 0x40 && last <= 0x7e;
}

function isQuery(sequence: number[]): boolean {
  return sequence.length === QUERY.length && sequence.every((byte, i) => byte === QUERY[i]);
}

function nextColumn(column: number, byte: number): number {
  if (byte === 0x0d) return 0;
  if (byte === 0x08) return Math.max(0, column - 1);
  if (byte === 0x09) return (Math.floor(column / 8) + 1) * 8;
  // Control bytes and UTF-8 continuation bytes take no room.
  if (byte < 0x20 || byte === 0x7f || (byte >= 0x80 && byte < 0xc0)) return column;
  return column + 1;
}
