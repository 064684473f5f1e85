// The guest's serial console in the page: xterm.js that fits the window, keeps a long
// scrollback, copies and pastes, searches its scrollback and makes links clickable.

import { FitAddon } from "@xterm/addon-fit";
import { SearchAddon } from "@xterm/addon-search";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";

export interface ConsoleView {
  terminal: Terminal;
  search: SearchAddon;
  write(bytes: Uint8Array): void;
  onInput(listener: (data: string) => void): void;
}

const SCROLLBACK_LINES = 10_000;

/**
 * Ctrl+Shift+C copies the selection; plain Ctrl+C stays the guest's interrupt. Pasting needs
 * nothing here: the browser's own paste (Ctrl+V, Ctrl+Shift+V, the menu) reaches xterm.js.
 */
function clipboardKeys(terminal: Terminal): (event: KeyboardEvent) => boolean {
  return (event) => {
    if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
    if (event.code === "KeyC" && terminal.hasSelection()) {
      void navigator.clipboard.writeText(terminal.getSelection());
      return false;
    }
    return true;
  };
}

export function createConsoleView(container: HTMLElement): ConsoleView {
  const terminal = new Terminal({
    scrollback: SCROLLBACK_LINES,
    convertEol: false,
    cursorBlink: true,
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace",
    fontSize: 15,
    theme: { background: "#101418" },
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.loadAddon(new WebLinksAddon());
  terminal.attachCustomKeyEventHandler(clipboardKeys(terminal));
  terminal.open(container);
  fit.fit();
  new ResizeObserver(() => fit.fit()).observe(container);
  terminal.focus();
  return {
    terminal,
    search,
    write: (bytes) => terminal.write(bytes),
    onInput: (listener) => void terminal.onData(listener),
  };
}
