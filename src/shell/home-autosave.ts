// Saves the home share a moment after the guest stops changing it (debounced), and at once
// when the page is hidden.

import type { ShareEntry } from "../emu/v86/share-fs.ts";
import type { HomeStore } from "./home-store.ts";

export const AUTOSAVE_DELAY_MS = 1000;

export class HomeAutosave {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HomeStore,
    private readonly exportHome: () => Promise<ShareEntry[]>,
    private readonly onSaved: (error?: Error) => void,
  ) {
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void this.flush();
    });
  }

  /** The home changed: save it after AUTOSAVE_DELAY_MS without further changes. */
  changed(): void {
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  /** Drops a pending save (the home was reset). */
  cancel(): Promise<void> {
    clearTimeout(this.timer);
    this.dirty = false;
    return this.saving;
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.dirty) return this.saving;
    this.dirty = false;
    this.saving = this.saving
      .then(async () => {
        await this.store.save(await this.exportHome());
        this.onSaved();
      })
      .catch((error: unknown) => this.onSaved(error as Error));
    return this.saving;
  }
}
