// The live picture of the node beside the terminal: who owns each CPU, where the memory is,
// the OS instances and the LWK's counters. It draws a NodeState and nothing else, so what it
// shows is only ever what the board reported.

import type { CpuOwner, NodeState } from "./node-state.ts";

const MiB = 2 ** 20;

function ownerLabel(owner: CpuOwner): string {
  switch (owner.kind) {
    case "linux": return "Linux";
    case "free": return "free (offline)";
    case "reserved": return "reserved by IHK";
    case "assigned": return `assigned to OS ${owner.os}`;
    case "running": return `running OS ${owner.os}`;
  }
}

const mib = (bytes: number): string => `${Math.round(bytes / MiB)} MiB`;
const count = (value: number | undefined): string => (value === undefined ? "not reported yet" : String(value));

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ""): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

export class BoardView {
  private readonly cpuList = make("ul", "bv-cpus");
  private readonly memBar = make("div", "bv-membar");
  private readonly memLegend = make("p", "bv-legend");
  private readonly oses = make("p", "bv-oses");
  private readonly counters = make("p", "bv-counters");

  constructor(root: HTMLElement) {
    const title = make("h2", "bv-title", "Node cn01");
    this.memBar.setAttribute("role", "img");
    root.replaceChildren(title, this.cpuList, this.memBar, this.memLegend, this.oses, this.counters);
  }

  render(state: NodeState): void {
    this.renderCpus(state);
    this.renderMemory(state);
    this.oses.textContent = state.oses.length === 0
      ? "OS instances: none"
      : `OS instances: ${state.oses.map((os) => `OS ${os.index} ${os.status}`).join(", ")}`;
    this.oses.dataset.os0 = state.oses.find((os) => os.index === 0)?.status ?? "none";
    this.counters.textContent = `IKC messages: ${count(state.ikcMessages)} · offloaded system calls: ${count(state.offloadedSyscalls)}`;
  }

  private renderCpus(state: NodeState): void {
    this.cpuList.replaceChildren(...state.cpus.map((owner, cpu) => {
      const item = make("li", "bv-cpu");
      item.dataset.cpu = String(cpu);
      item.dataset.owner = owner.kind;
      item.append(make("strong", "", `CPU ${cpu}`), make("span", "", ownerLabel(owner)));
      return item;
    }));
  }

  private renderMemory(state: NodeState): void {
    const { totalBytes, reservedBytes, assignedBytes, lwkInUseBytes } = state.memory;
    const linux = totalBytes - reservedBytes;
    const parts: Array<[string, number]> = [
      ["linux", linux],
      ["reserved", reservedBytes - assignedBytes],
      ["assigned", assignedBytes - (lwkInUseBytes ?? 0)],
      ["in-use", lwkInUseBytes ?? 0],
    ];
    this.memBar.replaceChildren(...parts.map(([kind, bytes]) => {
      const part = make("span", `bv-mem bv-mem-${kind}`);
      part.style.flexGrow = String(Math.max(0, bytes));
      return part;
    }));
    const legend = `RAM ${mib(totalBytes)}: Linux ${mib(linux)}, reserved ${mib(reservedBytes)}, assigned to an OS ${mib(assignedBytes)}, in use by the LWK ${lwkInUseBytes === undefined ? "not reported yet" : mib(lwkInUseBytes)}`;
    this.memBar.setAttribute("aria-label", legend);
    this.memBar.dataset.totalBytes = String(totalBytes);
    this.memBar.dataset.reservedBytes = String(reservedBytes);
    this.memBar.dataset.assignedBytes = String(assignedBytes);
    this.memLegend.textContent = legend;
  }
}
