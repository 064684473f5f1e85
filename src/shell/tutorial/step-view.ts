// Draws one step: its explanation, the commands with Run and Copy, what to look for, Check with
// its verdict (announced to screen readers), the hint and solution behind disclosures, and
// Reset step. Actions are callbacks: this file only knows the DOM.

import { CAPABILITY_NAMES } from "../../labs/capabilities.ts";
import type { Step } from "../../labs/lab-format.ts";
import type { Verdict } from "./check-eval.ts";
import { paragraph } from "./rich-text.ts";

export interface StepActions {
  run(command: string, byPointer: boolean): void;
  copy(command: string): Promise<void>;
  check(): void;
  reset(): void;
}

export interface StepModel {
  step: Step;
  section: string;
  number: number;
  total: number;
  completed: boolean;
  /** False when the step needs a capability cn01 does not have yet. */
  available: boolean;
  fill: (text: string) => string;
  verdict: Verdict | undefined;
  checking: boolean;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ""): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function button(label: string, className: string, onClick: (event: MouseEvent) => void): HTMLButtonElement {
  const b = el("button", className, label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function commandBlock(command: string, model: StepModel, actions: StepActions): HTMLElement {
  const block = el("div", "tut-cmd");
  const code = el("code", "", command);
  const pre = el("pre", "");
  pre.append(code);
  const run = button("Run", "tut-run", (event) => actions.run(command, event.detail > 0));
  run.setAttribute("aria-label", `Run: ${command}`);
  run.disabled = !model.available;
  const copy = button("Copy", "tut-copy", () => {
    void actions.copy(command).then(() => {
      copy.textContent = "Copied";
      setTimeout(() => (copy.textContent = "Copy"), 1500);
    });
  });
  copy.setAttribute("aria-label", `Copy: ${command}`);
  block.append(pre, run, copy);
  return block;
}

function disclosure(summary: string, body: HTMLElement[], className: string): HTMLDetailsElement {
  const details = el("details", className);
  details.append(el("summary", "", summary), ...body);
  return details;
}

function verdictLine(model: StepModel): HTMLElement {
  const out = el("p", "tut-verdict");
  out.setAttribute("role", "status");
  out.setAttribute("aria-live", "polite");
  if (model.checking) {
    out.textContent = "Checking…";
    out.dataset.result = "checking";
  } else if (model.verdict) {
    out.textContent = `${model.verdict.passed ? "✔ Passed" : "✘ Not yet"}: ${model.verdict.message}`;
    out.dataset.result = model.verdict.passed ? "pass" : "fail";
  }
  return out;
}

export function renderStep(root: HTMLElement, model: StepModel, actions: StepActions): void {
  const { step, fill } = model;
  const article = el("article", "tut-step");
  article.dataset.step = step.id;
  article.dataset.status = !model.available ? "soon" : model.completed ? "done" : "open";
  if (step.requires) article.dataset.requires = step.requires;
  article.append(el("p", "tut-section", model.section));
  const heading = el("h3", "tut-title", `Step ${model.number} of ${model.total}: ${fill(step.title)}${model.completed ? " ✔" : ""}`);
  heading.tabIndex = -1;
  article.append(heading);
  if (!model.available && step.requires) {
    article.append(paragraph(`Coming soon: this step needs ${CAPABILITY_NAMES[step.requires]}, which cn01 does not have yet. You can read it; Run and Check come when it lands.`, "tut-soon"));
  }
  article.append(...step.text.map((t) => paragraph(fill(t))));
  if (step.differs) article.append(paragraph(`On cn01: ${fill(step.differs)}`, "tut-differs"));
  article.append(...step.commands.map((c) => commandBlock(fill(c), model, actions)));
  article.append(paragraph(`Look for: ${fill(step.lookFor)}`, "tut-look"));
  const check = button(model.checking ? "Checking…" : "Check", "tut-check", () => actions.check());
  check.disabled = !model.available || model.checking;
  const reset = button("Reset step", "tut-reset", () => actions.reset());
  reset.disabled = !model.available || model.checking;
  reset.title = step.undo ? `Runs: ${step.undo.map(fill).join("; ")}` : "Forgets this step's result";
  const row = el("div", "tut-actions");
  row.append(check, reset);
  article.append(row, verdictLine(model));
  article.append(disclosure("Hint", [paragraph(fill(step.hint))], "tut-hint"));
  const solution = el("pre", "tut-solution-code");
  solution.append(el("code", "", step.solution.map(fill).join("\n")));
  article.append(disclosure("Solution", [solution], "tut-solution"));
  root.replaceChildren(article);
}
