// Puts the tutorial and the board view beside the terminal and wires them to the board: the
// console stream passes through the check probe, board events update the node state.

import type { Step } from "../../labs/lab-format.ts";
import { labVars } from "../../labs/lab-vars.ts";
import { BoardView } from "../board-view/board-view.ts";
import { initialNodeState, nextNodeState, type NodeState } from "../board-view/node-state.ts";
import { runChecks } from "./check-runner.ts";
import { ConsoleProbe } from "./console-probe.ts";
import { chooseLab } from "./lab-source.ts";
import type { PageMachine } from "./machine-facts.ts";
import { ProgressStore } from "./progress-store.ts";
import { readStepLink } from "./step-link.ts";
import { TutorialPanel } from "./tutorial-panel.ts";

export interface TutorialBoard {
  sendInput(bytes: Uint8Array): void;
  writeHomeFile(path: string, data: Uint8Array): Promise<void>;
}

export interface TutorialTerminal {
  write(bytes: Uint8Array): void;
  /** Feeds text to the terminal's input side, as typing would. */
  type(text: string): void;
  focus(): void;
}

export interface TutorialApp {
  fromGuest(bytes: Uint8Array): void;
  fromLearner(data: string): void;
  onEvent(event: { type: string }): void;
}

/** How long Run waits for the prompt, before typing and for the command to finish. */
const TYPE_WAIT_MS = 120_000;

export function mountTutorial(
  machine: PageMachine,
  board: TutorialBoard,
  terminal: TutorialTerminal,
  panelRoot: HTMLElement,
  boardRoot: HTMLElement,
): TutorialApp {
  const promptPrefix = machine.prompt.slice(0, machine.prompt.indexOf(":") + 1);
  const probe = new ConsoleProbe(
    { sendInput: (b) => board.sendInput(b), writeHomeFile: (p, d) => board.writeHomeFile(p, d), display: (b) => terminal.write(b) },
    machine.user.home,
    promptPrefix,
  );
  let node: NodeState = initialNodeState(machine);
  const boardView = new BoardView(boardRoot);
  boardView.render(node);

  const vars = labVars(machine);
  // Commands typed one after another, each at a fresh prompt, like a person would.
  let typing: Promise<void> = Promise.resolve();
  const host = {
    type: (command: string) => {
      typing = typing
        .catch(() => undefined)
        .then(() => probe.shell.whenIdle(TYPE_WAIT_MS))
        .then(() => {
          terminal.type(`${command}\r`);
          // The shell is busy from now on, even if the terminal passes the keys on later.
          probe.shell.input(command);
        })
        .then(() => probe.shell.whenIdle(TYPE_WAIT_MS));
      return typing;
    },
    check: (step: Step) => runChecks(step, vars, probe, () => node),
    focusTerminal: () => terminal.focus(),
  };
  chooseLab(location.search).then(
    (lab) => new TutorialPanel(panelRoot, lab, vars, new ProgressStore(localStorage), host, readStepLink(location.search).step),
    (error: Error) => {
      const message = document.createElement("p");
      message.className = "error";
      message.setAttribute("role", "alert");
      message.textContent = `The tutorial could not be shown: ${error.message}`;
      panelRoot.replaceChildren(message);
    },
  );

  return {
    fromGuest: (bytes) => probe.fromGuest(bytes),
    fromLearner: (data) => probe.fromLearner(data),
    onEvent: (event) => {
      const next = nextNodeState(node, event);
      if (next !== node) boardView.render((node = next));
    },
  };
}
