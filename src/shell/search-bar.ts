// The scrollback search bar: Ctrl+Shift+F or the Search button opens it, Enter finds the next
// match, Escape closes it.

import type { ConsoleView } from "./terminal.ts";

export function wireSearchBar(view: ConsoleView, toggle: HTMLButtonElement, form: HTMLFormElement, input: HTMLInputElement, previous: HTMLButtonElement): void {
  const open = (): void => {
    form.hidden = false;
    input.focus();
    input.select();
  };
  const close = (): void => {
    form.hidden = true;
    view.search.clearDecorations();
    view.terminal.focus();
  };
  toggle.addEventListener("click", () => (form.hidden ? open() : close()));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    view.search.findNext(input.value);
  });
  previous.addEventListener("click", () => view.search.findPrevious(input.value));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  window.addEventListener("keydown", (event) => {
    if (event.ctrlKey && event.shiftKey && event.code === "KeyF") {
      event.preventDefault();
      open();
    }
  });
}
