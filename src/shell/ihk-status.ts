// A compact status line for the IHK board in the page's header: who owns each CPU, the memory
// IHK took from Linux, and each OS instance's state. It follows the board's "ihk" events.

import type { IhkBoardState, CpuOwner } from "../emu/board/ihk-partition.ts";

const MiB = 2 ** 20;

function owner(o: CpuOwner): string {
  switch (o.kind) {
    case "linux": return "Linux";
    case "free": return "free";
    case "reserved": return "reserved";
    case "assigned": return `OS${o.os}`;
    case "running": return `OS${o.os} running`;
  }
}

const mib = (bytes: number): string => `${bytes / MiB} MiB`;

export function formatIhkStatus(state: IhkBoardState): string {
  const cpus = state.cpus.map((o, cpu) => `CPU${cpu} ${owner(o)}`).join(" | ");
  const reserved = state.reserved.reduce((sum, r) => sum + r.size, 0);
  const parts = [`IHK: ${cpus}`, `reserved ${mib(reserved)}`];
  for (const os of state.oses) {
    const memory = os.memory ? `${mib(os.memory.size)} at 0x${os.memory.start.toString(16)}` : "no memory";
    parts.push(`OS${os.index} ${os.status} (CPUs ${os.cpus.join(",") || "none"}, ${memory})`);
  }
  return parts.join(" · ");
}

/** Adds the line to the page's header bar; returns what updates it. */
export function mountIhkStatus(bar: HTMLElement): (state: IhkBoardState) => void {
  const line = document.createElement("span");
  line.id = "ihk-status";
  line.className = "muted";
  bar.append(line);
  return (state) => {
    line.textContent = formatIhkStatus(state);
  };
}
