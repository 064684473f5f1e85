// The lab format: a lab is data (sections of steps, each with its text, commands and check),
// written as JSON so an instructor can write one without touching the page's code. parseLab
// turns untrusted JSON into a typed Lab or says exactly what is wrong with it.

import { CAPABILITIES, type Capability } from "./capabilities.ts";

/** Verifies a step by running a shell script in the guest (as hpcuser, in the learner's working directory). */
export interface GuestCheck {
  kind: "guest";
  /** Exit status 0 passes; a line `FAIL: <message>` on its output is shown to the learner. */
  script: string;
  /** Shown when the script fails without printing a FAIL line. */
  failure: string;
}

export type CpuOwnerKind = "linux" | "offline" | "free" | "reserved" | "assigned" | "running";

/** Verifies a step against the board's own view of the node (its state feed). */
export interface NodeCheck {
  kind: "node";
  /** Owner expected for some CPUs, by CPU number. */
  cpus?: Record<string, CpuOwnerKind>;
  /** At least this many bytes reserved by IHK. */
  reservedAtLeast?: number;
  /** The state OS instance 0 must be in ("none" = no instance). */
  os0?: string;
  failure: string;
}

export type Check = GuestCheck | NodeCheck;

export interface Step {
  id: string;
  title: string;
  /** Paragraphs; `backticks` mark code. */
  text: string[];
  commands: string[];
  lookFor: string;
  /** Where cn01 differs from the node in the transcript, and why. */
  differs?: string;
  checks: Check[];
  hint: string;
  /** Paragraphs of the worked answer. */
  solution: string[];
  /** Commands that bring the node back to where the step started. */
  undo?: string[];
  /** A capability of cn01 the step needs; until it lands the step is "coming soon". */
  requires?: Capability;
}

export interface Section {
  title: string;
  steps: Step[];
}

export interface Lab {
  name: string;
  title: string;
  intro: string[];
  sections: Section[];
}

export class LabFormatError extends Error {
  override name = "LabFormatError";
}

type Json = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new LabFormatError(`lab: ${where} ${what}`);
}

function object(value: unknown, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "must be an object");
  return value as Json;
}

function text(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== "string" || value.trim() === "") fail(`${where}.${key}`, "must be a non-empty string");
  return value;
}

function optionalText(obj: Json, key: string, where: string): string | undefined {
  return obj[key] === undefined ? undefined : text(obj, key, where);
}

function texts(obj: Json, key: string, where: string, allowEmpty = false): string[] {
  const value = obj[key];
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) fail(`${where}.${key}`, "must be a non-empty list of strings");
  return value.map((item, i) => (typeof item === "string" && item.trim() !== "" ? item : fail(`${where}.${key}[${i}]`, "must be a non-empty string")));
}

function list(obj: Json, key: string, where: string): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value) || value.length === 0) fail(`${where}.${key}`, "must be a non-empty list");
  return value;
}

const OWNERS: readonly CpuOwnerKind[] = ["linux", "offline", "free", "reserved", "assigned", "running"];

function parseCpus(value: unknown, where: string): Record<string, CpuOwnerKind> {
  const cpus = object(value, where);
  for (const [cpu, owner] of Object.entries(cpus)) {
    if (!/^\d+$/.test(cpu)) fail(where, `has "${cpu}", which is not a CPU number`);
    if (!OWNERS.includes(owner as CpuOwnerKind)) fail(`${where}.${cpu}`, `must be one of ${OWNERS.join(", ")}`);
  }
  return cpus as Record<string, CpuOwnerKind>;
}

function parseCheck(value: unknown, where: string): Check {
  const obj = object(value, where);
  const failure = text(obj, "failure", where);
  if (obj.kind === "guest") return { kind: "guest", script: text(obj, "script", where), failure };
  if (obj.kind !== "node") fail(`${where}.kind`, 'must be "guest" or "node"');
  const check: NodeCheck = { kind: "node", failure };
  if (obj.cpus !== undefined) check.cpus = parseCpus(obj.cpus, `${where}.cpus`);
  if (obj.reservedAtLeast !== undefined) {
    if (typeof obj.reservedAtLeast !== "number" || obj.reservedAtLeast <= 0) fail(`${where}.reservedAtLeast`, "must be a positive number of bytes");
    check.reservedAtLeast = obj.reservedAtLeast;
  }
  if (obj.os0 !== undefined) check.os0 = text(obj, "os0", where);
  return check;
}

function parseStep(value: unknown, where: string, ids: Set<string>): Step {
  const obj = object(value, where);
  const id = text(obj, "id", where);
  if (!/^[a-z0-9-]+$/.test(id)) fail(`${where}.id`, "must be lower-case letters, digits and dashes");
  if (ids.has(id)) fail(`${where}.id`, `"${id}" is used twice`);
  ids.add(id);
  const step: Step = {
    id,
    title: text(obj, "title", where),
    text: texts(obj, "text", where),
    commands: texts(obj, "commands", where),
    lookFor: text(obj, "lookFor", where),
    checks: list(obj, "checks", where).map((check, i) => parseCheck(check, `${where}.checks[${i}]`)),
    hint: text(obj, "hint", where),
    solution: texts(obj, "solution", where),
  };
  const differs = optionalText(obj, "differs", where);
  if (differs) step.differs = differs;
  if (obj.undo !== undefined) step.undo = texts(obj, "undo", where);
  if (obj.requires !== undefined) {
    if (!CAPABILITIES.includes(obj.requires as Capability)) fail(`${where}.requires`, `must be one of ${CAPABILITIES.join(", ")}`);
    step.requires = obj.requires as Capability;
  }
  return step;
}

/** Checks a lab read from JSON; throws LabFormatError naming the first bad field. */
export function parseLab(value: unknown): Lab {
  const obj = object(value, "the lab");
  const ids = new Set<string>();
  return {
    name: text(obj, "name", "lab"),
    title: text(obj, "title", "lab"),
    intro: texts(obj, "intro", "lab"),
    sections: list(obj, "sections", "lab").map((section, s) => {
      const where = `sections[${s}]`;
      const sec = object(section, where);
      return { title: text(sec, "title", where), steps: list(sec, "steps", where).map((step, i) => parseStep(step, `${where}.steps[${i}]`, ids)) };
    }),
  };
}

/** Every step in order, with its section. */
export function allSteps(lab: Lab): Array<{ section: Section; step: Step }> {
  return lab.sections.flatMap((section) => section.steps.map((step) => ({ section, step })));
}
