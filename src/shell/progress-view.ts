// Shows what the lab is doing while it starts: bytes per downloaded file, then the boot phase,
// notices (e.g. a cold boot instead of the snapshot) and errors.

import type { BoardEvent } from "../emu/board/events.ts";

function size(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export class ProgressView {
  private readonly files = new Map<string, HTMLDivElement>();
  private bootTicker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly status: HTMLElement,
    private readonly progress: HTMLElement,
    private readonly notice: HTMLElement,
    private readonly error: HTMLElement,
  ) {}

  show(event: BoardEvent): void {
    switch (event.type) {
      case "download": return this.download(event.file, event.loadedBytes, event.totalBytes);
      case "phase": return event.phase === "booting" ? this.startBootTicker(event.detail) : this.setStatus(event.detail);
      case "notice": return this.showNotice(event.message);
      case "error": return this.showError(event.message);
      default: return undefined;
    }
  }

  setStatus(text: string): void {
    clearInterval(this.bootTicker);
    this.status.textContent = text;
  }

  /** A cold boot prints little (quiet kernel): show that time passes until the prompt. */
  private startBootTicker(detail: string): void {
    this.setStatus(`${detail}…`);
    const started = performance.now();
    this.bootTicker = setInterval(() => {
      this.status.textContent = `${detail}… ${Math.round((performance.now() - started) / 1000)} s`;
    }, 1000);
  }

  showNotice(message: string): void {
    this.notice.textContent = message;
    this.notice.hidden = false;
  }

  showError(message: string): void {
    clearInterval(this.bootTicker);
    this.error.textContent = `The lab stopped: ${message}`;
    this.error.hidden = false;
    this.status.textContent = "Failed";
    document.body.dataset.board = "failed";
  }

  /** Hides the per-file lines once the node runs. */
  clearDownloads(): void {
    this.progress.replaceChildren();
    this.files.clear();
  }

  private download(file: string, loaded: number, total: number): void {
    let line = this.files.get(file);
    if (!line) {
      line = document.createElement("div");
      this.files.set(file, line);
      this.progress.append(line);
    }
    line.textContent = Number.isFinite(total) && total > 0
      ? `${file}: ${size(loaded)} / ${size(total)} (${Math.floor((loaded / total) * 100)}%)`
      : `${file}: ${size(loaded)}`;
  }
}
