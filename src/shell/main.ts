// The lab page: the guest's console in a terminal, wired to the board in its worker, with load
// progress, home persistence and "Reset lab".

import "@xterm/xterm/css/xterm.css";
import "./styles.css";
import * as Comlink from "comlink";
import type { BoardEvent } from "../emu/board/events.ts";
import { throttleProgress } from "../emu/board/progress-throttle.ts";
import { startBoardWorker } from "./board-client.ts";
import { HomeAutosave } from "./home-autosave.ts";
import { HomeStore, type HomeRecord } from "./home-store.ts";
import { mountIhkStatus } from "./ihk-status.ts";
import { ProgressView } from "./progress-view.ts";
import { downloadSnapshot } from "./snapshot-download.ts";
import { wireResetLab } from "./reset-lab.ts";
import { wireSearchBar } from "./search-bar.ts";
import { createConsoleView } from "./terminal.ts";
import { loadMachineFacts } from "./tutorial/machine-facts.ts";
import { wireSplit } from "./tutorial/split-pane.ts";
import { mountTutorial, type TutorialApp } from "./tutorial/tutorial-app.ts";

const LAB = "cn01";
const BASE = new URL(import.meta.env.BASE_URL, location.href);

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page lacks #${id}`);
  return found as T;
}

const progress = new ProgressView(element("status"), element("progress"), element("notice"), element("error"));
const fail = (message: string): void => progress.showError(message);
// The two longest parts of a page load start first: the board's worker and the snapshot.
const board = startBoardWorker(fail);
const snapshotDownload = downloadSnapshot(new URL("snapshot/cn01.snapshot", BASE).href, throttleProgress((loadedBytes, totalBytes) => {
  const event: BoardEvent = { type: "download", file: "boot snapshot", loadedBytes, totalBytes };
  markLoadStep(event);
  progress.show(event);
}));
const homeStatus = element("home-status");
const showIhkStatus = mountIhkStatus(homeStatus.parentElement!);
const resetButton = element<HTMLButtonElement>("reset-lab");
const view = createConsoleView(element("terminal"));
wireSearchBar(view, element("search-toggle"), element("search"), element("search-input"), element("search-prev"));
wireSplit(element("split"), element("side"), localStorage);

window.addEventListener("unhandledrejection", (event) => fail(String((event.reason as Error | undefined)?.message ?? event.reason)));

async function loadSavedHome(store: HomeStore): Promise<HomeRecord | undefined> {
  try {
    return await store.load();
  } catch (error) {
    progress.showNotice(`Your saved home directory could not be read (${(error as Error).message}); starting from the pristine one.`);
    return undefined;
  }
}

/** Marks the steps of the load on the page's performance timeline (the bench reads them). */
function markLoadStep(event: BoardEvent): void {
  if (event.type === "phase") performance.mark(`cn01: ${event.detail}`);
  if (event.type === "download" && event.loadedBytes === event.totalBytes) performance.mark(`cn01: ${event.file} downloaded`);
  if (event.type === "prompt") performance.mark("cn01: prompt");
}

async function main(): Promise<void> {
  // The board's API for tests and the bench (Playwright reaches it through the page).
  Object.assign(window, { cn01Board: board });
  const store = new HomeStore(LAB);
  const autosave = new HomeAutosave(store, () => board.exportHome(), (error) => {
    homeStatus.textContent = error ? `Home not saved: ${error.message}` : `Home saved ${new Date().toLocaleTimeString()}`;
    homeStatus.dataset.saved = error ? "error" : "yes";
  });
  const manifestUrl = new URL("images/machine.json", BASE).href;
  const savedHome = loadSavedHome(store);
  // The board starts before the tutorial is mounted: what it sends the tutorial waits till then.
  let tutorial: TutorialApp | undefined;
  const earlyEvents: BoardEvent[] = [];
  const earlySerial: Uint8Array[] = [];
  const toTutorial = (event: BoardEvent): void => void (tutorial ? tutorial.onEvent(event) : earlyEvents.push(event));
  const fromGuest = (bytes: Uint8Array): void => void (tutorial ? tutorial.fromGuest(bytes) : earlySerial.push(bytes));
  const onEvent = (event: BoardEvent): void => {
    markLoadStep(event);
    progress.show(event);
    if (event.type === "ihk") showIhkStatus(event.state);
    toTutorial(event);
    if (event.type === "home-changed") {
      homeStatus.dataset.saved = "pending";
      autosave.changed();
    }
    if (event.type === "prompt" && document.body.dataset.board !== "ready") {
      document.body.dataset.board = "ready";
      // Milliseconds from navigation to a usable prompt, for the bench.
      document.body.dataset.readyMs = performance.now().toFixed(0);
      progress.setStatus("Ready");
      progress.clearDownloads();
      resetButton.disabled = false;
    }
  };
  // Downloads start first, while the page reads machine.json and the saved home.
  const snapshot = await snapshotDownload;
  void board.prepare({ manifestUrl, snapshot: snapshot.source }, Comlink.proxy(onEvent));
  snapshot.state?.then(
    (state) => board.snapshotState(Comlink.transfer(state, [state])),
    (error: unknown) => board.snapshotState({ failed: (error as Error).message }),
  );
  const saved = await savedHome;
  if (saved) homeStatus.textContent = `Home restored from ${new Date(saved.savedAt).toLocaleString()}`;
  const started = board.start(saved?.entries, Comlink.proxy(fromGuest));
  const mounted = mountTutorial(
    await loadMachineFacts(manifestUrl),
    { sendInput: (bytes) => void board.sendInput(bytes), writeHomeFile: (path, data) => board.writeHomeFile(path, data) },
    { write: (bytes) => view.write(bytes), type: (text) => view.terminal.input(text), focus: () => view.terminal.focus() },
    element("tutorial"),
    element("board-view"),
  );
  tutorial = mounted;
  for (const bytes of earlySerial.splice(0)) mounted.fromGuest(bytes);
  for (const event of earlyEvents.splice(0)) mounted.onEvent(event);
  let running = false;
  // The tutorial's check probe sits between the learner's keys and the guest.
  view.onInput((data) => {
    if (running) mounted.fromLearner(data);
  });
  wireResetLab(resetButton, element("reset-dialog"), async () => {
    await autosave.cancel();
    await board.resetHome();
    await store.clear();
    homeStatus.textContent = "Lab reset: the home directory is back to its start";
    homeStatus.dataset.saved = "reset";
    view.terminal.focus();
  });
  await started;
  running = true;
  view.terminal.focus();
}

main().catch((error: unknown) => fail((error as Error).message));
