// "Reset lab": after the learner confirms, the pristine home replaces theirs, in the guest and
// in the saved copy.

export function wireResetLab(button: HTMLButtonElement, dialog: HTMLDialogElement, reset: () => Promise<void>): void {
  button.addEventListener("click", () => dialog.showModal());
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "reset") return;
    button.disabled = true;
    void reset().finally(() => {
      button.disabled = false;
    });
  });
}
