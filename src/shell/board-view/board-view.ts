// The live picture of the node beside the terminal: who owns each CPU and what each LWK CPU
// runs, where the memory is, the OS instances, the LWK's system-call counters and a short log
// of IKC traffic. It draws a NodeState and nothing else, so what it shows is only ever what the
// board reported.

import type { CpuOwner, LwkCpuView, NodeState } from "./node-state.ts";

/** Log lines shown, newest first (the board keeps a few more). */
const LOG_LINES = 20;

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

/** What an LWK CPU runs and how many system calls it made. */
function lwkCpuLines(view: LwkCpuView): HTMLElement[] {
  const thread = view.thread;
  return [
    make("span", "bv-thread", thread ? `${thread.comm} pid ${thread.pid} tid ${thread.tid}` : "idle"),
    make("span", "bv-calls", `${view.localCalls} local · ${view.offloadedCalls} offloaded`),
  ];
}

export class BoardView {
  private readonly cpuList = make("ul", "bv-cpus");
  private readonly memBar = make("div", "bv-membar");
  private readonly memLegend = make("p", "bv-legend");
  private readonly oses = make("p", "bv-oses");
  private readonly counters = make("p", "bv-counters");
  private readonly log = make("ol", "bv-log");

  constructor(root: HTMLElement) {
    const title = make("h2", "bv-title", "Node cn01");
    this.memBar.setAttribute("role", "img");
    this.log.setAttribute("aria-label", "Latest IKC messages, offloaded system calls and processes, newest first");
    root.replaceChildren(title, this.cpuList, this.memBar, this.memLegend, this.oses, this.counters, this.log);
  }

  render(state: NodeState): void {
    this.renderCpus(state);
    this.renderMemory(state);
    this.oses.textContent = state.oses.length === 0
      ? "OS instances: none"
      : `OS instances: ${state.oses.map((os) => `OS ${os.index} ${os.status}`).join(", ")}`;
    this.oses.dataset.os0 = state.oses.find((os) => os.index === 0)?.status ?? "none";
    this.counters.textContent = `LWK system calls: local ${count(state.localSyscalls)} · offloaded ${count(state.offloadedSyscalls)} · IKC messages: ${count(state.ikcMessages)}`;
    this.renderLog(state);
  }

  private renderLog(state: NodeState): void {
    const lines = state.lwkLog.slice(-LOG_LINES).reverse();
    const newest = String(lines[0]?.seq ?? 0);
    if (this.log.dataset.newest === newest) return;
    this.log.dataset.newest = newest;
    this.log.replaceChildren(...lines.map((line) => make("li", "", line.text)));
  }

  private renderCpus(state: NodeState): void {
    this.cpuList.replaceChildren(...state.cpus.map((owner, cpu) => {
      const item = make("li", "bv-cpu");
      item.dataset.cpu = String(cpu);
      item.dataset.owner = owner.kind;
      item.append(make("strong", "", `CPU ${cpu}`), make("span", "", ownerLabel(owner)));
      // On this board a CPU's APIC id is its number.
      const lwk = state.lwkCpus.find((view) => view.hwId === cpu);
      if (owner.kind === "running" && lwk) {
        item.dataset.thread = lwk.thread ? `${lwk.thread.pid}/${lwk.thread.tid}` : "idle";
        item.append(...lwkCpuLines(lwk));
      }
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
