// Links to a step: ?lab=NAME&step=N (N counts from 1 over the whole lab). The page keeps the
// address bar on the step shown, so copying the address shares the step.

export interface StepLink {
  lab: string | undefined;
  /** Index from 0, or undefined when absent or not a number. */
  step: number | undefined;
}

export function readStepLink(search: string): StepLink {
  const params = new URLSearchParams(search);
  const step = Number(params.get("step"));
  return { lab: params.get("lab") ?? undefined, step: Number.isInteger(step) && step >= 1 ? step - 1 : undefined };
}

export function writeStepLink(href: string, lab: string, index: number): string {
  const url = new URL(href);
  url.searchParams.set("lab", lab);
  url.searchParams.set("step", String(index + 1));
  return url.href;
}
