// The few machine.json facts the tutorial and the board view need, read by the page itself.

import type { MachineFacts } from "../../labs/lab-vars.ts";

export interface PageMachine extends MachineFacts {
  memoryBytes: number;
  prompt: string;
}

export async function loadMachineFacts(url: string): Promise<PageMachine> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`machine.json: HTTP ${response.status}`);
  const json = (await response.json()) as Partial<PageMachine>;
  const { kernelRelease, cpus, memoryBytes, prompt, user } = json;
  if (typeof kernelRelease !== "string" || typeof cpus !== "number" || typeof memoryBytes !== "number" || typeof prompt !== "string" || typeof user?.name !== "string" || typeof user.home !== "string") {
    throw new Error("machine.json lacks kernelRelease, cpus, memoryBytes, prompt or user");
  }
  return { kernelRelease, cpus, memoryBytes, prompt, user: { name: user.name, home: user.home } };
}
