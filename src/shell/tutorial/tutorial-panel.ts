// The tutorial beside the terminal: the lab's intro, a step list, Previous/Next, and the
// current step. It keeps the learner's place (saved, and in the address bar) and runs the
// step's commands and checks through the callbacks it is given.

import { LANDED } from "../../labs/capabilities.ts";
import { allSteps, type Lab, type Section, type Step } from "../../labs/lab-format.ts";
import { fillVars, type LabVars } from "../../labs/lab-vars.ts";
import type { Verdict } from "./check-eval.ts";
import { paragraph } from "./rich-text.ts";
import type { ProgressStore } from "./progress-store.ts";
import { renderStep } from "./step-view.ts";
import { writeStepLink } from "./step-link.ts";

export interface TutorialHost {
  /** Types a command into the terminal and presses Enter, when the shell is at its prompt; resolves when it finished. */
  type(command: string): Promise<void>;
  check(step: Step): Promise<Verdict>;
  focusTerminal(): void;
}

interface Entry {
  section: Section;
  step: Step;
}

export class TutorialPanel {
  private readonly entries: Entry[];
  private readonly completed: Set<string>;
  private readonly verdicts = new Map<string, Verdict>();
  private index: number;
  private checking = false;
  private pending = 0;
  private readonly stepRoot: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly counter: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly lab: Lab,
    private readonly vars: LabVars,
    private readonly store: ProgressStore,
    private readonly host: TutorialHost,
    startAt: number | undefined,
  ) {
    this.entries = allSteps(lab);
    const saved = store.load(lab.name);
    this.completed = new Set(saved?.completed ?? []);
    const savedIndex = this.entries.findIndex((e) => e.step.id === saved?.current);
    this.index = this.clamp(startAt ?? (savedIndex >= 0 ? savedIndex : 0));
    const title = document.createElement("h2");
    title.className = "tut-lab";
    title.textContent = lab.title;
    this.counter = document.createElement("span");
    this.counter.className = "tut-counter";
    const intro = document.createElement("details");
    intro.className = "tut-intro";
    const summary = document.createElement("summary");
    summary.textContent = "About this lab";
    intro.append(summary, ...lab.intro.map((p) => paragraph(this.fill(p))));
    intro.open = saved === undefined;
    const steps = document.createElement("details");
    steps.className = "tut-steps";
    const stepsSummary = document.createElement("summary");
    stepsSummary.append("All steps ", this.counter);
    this.list = document.createElement("ol");
    steps.append(stepsSummary, this.list);
    this.prev = this.navButton("← Previous", "tut-prev", -1);
    this.next = this.navButton("Next →", "tut-next", 1);
    const nav = document.createElement("nav");
    nav.className = "tut-nav";
    nav.setAttribute("aria-label", "Tutorial steps");
    nav.append(this.prev, this.next);
    this.stepRoot = document.createElement("div");
    root.replaceChildren(title, intro, steps, ...this.redoBanner(), nav, this.stepRoot);
    root.dataset.pending = "0";
    this.render();
  }

  /**
   * The node starts afresh with the page (boot snapshot), but saved progress says steps were
   * done: offer to type their commands again so the node matches the progress.
   */
  private redoBanner(): HTMLElement[] {
    const done = this.entries.filter((e) => this.completed.has(e.step.id) && this.available(e.step));
    if (done.length === 0) return [];
    const banner = document.createElement("div");
    banner.className = "tut-redo";
    banner.append(paragraph(`The node restarted with this page: what the ${done.length} step(s) you did change in Linux (modules, reserved CPUs and memory, OS instances, the shell's directory) is gone, your files are kept.`));
    const redo = document.createElement("button");
    redo.type = "button";
    redo.textContent = "Redo the steps done";
    redo.addEventListener("click", () => {
      banner.remove();
      void (async () => {
        for (const { step } of done) for (const command of step.commands) await this.typing(() => this.host.type(this.fill(command)));
      })();
    });
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "Dismiss";
    dismiss.addEventListener("click", () => banner.remove());
    banner.append(redo, " ", dismiss);
    return [banner];
  }

  private fill(text: string): string {
    return fillVars(text, this.vars);
  }

  private clamp(index: number): number {
    return Math.min(Math.max(0, index), this.entries.length - 1);
  }

  private navButton(label: string, className: string, delta: number): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.addEventListener("click", () => this.go(this.index + delta));
    return b;
  }

  private available(step: Step): boolean {
    return step.requires === undefined || LANDED.has(step.requires);
  }

  go(index: number, focusHeading = true): void {
    this.index = this.clamp(index);
    this.render();
    if (focusHeading) this.stepRoot.querySelector<HTMLElement>(".tut-title")?.focus();
  }

  private save(): void {
    this.store.save(this.lab.name, this.entries[this.index]!.step.id, this.completed);
    history.replaceState(null, "", writeStepLink(location.href, this.lab.name, this.index));
  }

  private render(): void {
    this.save();
    const { section, step } = this.entries[this.index]!;
    const done = this.entries.filter((e) => this.completed.has(e.step.id)).length;
    this.counter.textContent = `(${done} of ${this.entries.length} done)`;
    this.renderList();
    this.prev.disabled = this.index === 0;
    this.next.disabled = this.index === this.entries.length - 1;
    renderStep(this.stepRoot, {
      step,
      section: section.title,
      number: this.index + 1,
      total: this.entries.length,
      completed: this.completed.has(step.id),
      available: this.available(step),
      fill: (t) => this.fill(t),
      verdict: this.verdicts.get(step.id),
      checking: this.checking,
    }, {
      run: (command, byPointer) => void this.run(command, byPointer),
      copy: (command) => navigator.clipboard.writeText(command),
      check: () => void this.check(step),
      reset: () => void this.reset(step),
    });
  }

  private renderList(): void {
    this.list.replaceChildren(...this.entries.map(({ step }, i) => {
      const item = document.createElement("li");
      const link = document.createElement("button");
      link.type = "button";
      link.className = "tut-step-link";
      const state = !this.available(step) ? " (coming soon)" : this.completed.has(step.id) ? " ✔" : "";
      link.textContent = `${this.fill(step.title)}${state}`;
      if (i === this.index) link.setAttribute("aria-current", "step");
      link.addEventListener("click", () => this.go(i));
      item.append(link);
      return item;
    }));
  }

  private async run(command: string, byPointer: boolean): Promise<void> {
    // A click hands the keyboard back to the terminal; a keyboard user stays on the button.
    if (byPointer) this.host.focusTerminal();
    await this.typing(() => this.host.type(command));
  }

  /** Counts commands typed and not finished yet in data-pending (tests and labcheck wait on it). */
  private async typing(work: () => Promise<void>): Promise<void> {
    this.root.dataset.pending = String(++this.pending);
    try {
      await work();
    } finally {
      this.root.dataset.pending = String(--this.pending);
    }
  }

  private async check(step: Step): Promise<void> {
    this.checking = true;
    this.render();
    let verdict: Verdict;
    try {
      verdict = await this.host.check(step);
    } catch (error) {
      verdict = { passed: false, message: `The check could not run: ${(error as Error).message}` };
    }
    this.checking = false;
    this.verdicts.set(step.id, verdict);
    if (verdict.passed) this.completed.add(step.id);
    this.render();
    // Redrawing dropped the focus of the Check button; give it back, unless the learner went
    // on typing in the terminal meanwhile.
    if (document.activeElement === document.body) this.stepRoot.querySelector<HTMLButtonElement>(".tut-check")?.focus();
  }

  /** Forgets the step's result and runs its undo commands, visibly, in the terminal. */
  private async reset(step: Step): Promise<void> {
    this.completed.delete(step.id);
    this.verdicts.delete(step.id);
    this.render();
    for (const command of step.undo ?? []) await this.typing(() => this.host.type(this.fill(command)));
  }
}
