// What the LWKs report through ihk_mc_trace, aggregated for the page: the thread each LWK CPU
// runs, counts of system calls handled locally and offloaded to Linux (per CPU and in all),
// IKC messages, and a bounded log of the latest IKC messages, offloads and process events.

import type { LwkTraceEvent } from "../../lwk/hal.ts";

export interface LwkThreadRef {
  pid: number;
  tid: number;
  comm: string;
}

export interface LwkCpuActivity {
  os: number;
  hwId: number;
  /** null while the CPU idles. */
  thread: LwkThreadRef | null;
  localCalls: number;
  offloadedCalls: number;
}

export interface LwkLogEntry {
  /** Increases by one per entry since the board started (the page sees which are new). */
  seq: number;
  text: string;
}

export interface LwkActivityReport {
  cpus: LwkCpuActivity[];
  localCalls: number;
  offloadedCalls: number;
  ikcMessages: number;
  processesStarted: number;
  /** Memory of the running instances that the LWK does not count as free; undefined until reported. */
  lwkInUseBytes: number | undefined;
  /** Oldest first, at most LOG_ENTRIES. */
  log: LwkLogEntry[];
}

export const LOG_ENTRIES = 40;

interface Instance {
  cpus: Map<number, LwkCpuActivity>;
  inUseBytes: () => number | undefined;
}

export class LwkActivity {
  private readonly instances = new Map<number, Instance>();
  private localCalls = 0;
  private offloadedCalls = 0;
  private ikcMessages = 0;
  private processesStarted = 0;
  private log: LwkLogEntry[] = [];
  private seq = 0;
  private listener: (() => void) | undefined;

  /** Called after every change (the board throttles what it forwards). */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  /** An instance booted on hwIds; inUseBytes reads its memory use when a report is made. */
  started(os: number, hwIds: readonly number[], inUseBytes: () => number | undefined): void {
    const cpus = new Map(hwIds.map((hwId): [number, LwkCpuActivity] => [hwId, { os, hwId, thread: null, localCalls: 0, offloadedCalls: 0 }]));
    this.instances.set(os, { cpus, inUseBytes });
    this.changed();
  }

  /** The instance is gone (shut down, panicked, the node reset): its CPUs leave the report. */
  stopped(os: number): void {
    if (this.instances.delete(os)) this.changed();
  }

  record(os: number, event: LwkTraceEvent): void {
    const instance = this.instances.get(os);
    if (!instance) return;
    switch (event.type) {
      case "cpu": {
        const cpu = instance.cpus.get(event.hwId);
        if (cpu) cpu.thread = event.thread && { pid: event.thread.pid, tid: event.thread.tid, comm: event.thread.comm };
        break;
      }
      case "syscall": {
        const cpu = instance.cpus.get(event.hwId);
        if (event.offloaded) {
          this.offloadedCalls++;
          if (cpu) cpu.offloadedCalls++;
          this.append(`CPU ${event.hwId}: ${event.name}() of ${event.pid}/${event.tid} offloaded to Linux`);
        } else {
          this.localCalls++;
          if (cpu) cpu.localCalls++;
        }
        break;
      }
      case "ikc":
        this.ikcMessages++;
        this.append(`IKC ${event.direction === "to-linux" ? `OS ${os} → Linux` : `Linux → OS ${os}`} port ${event.port}: ${event.msg}${event.pid === undefined ? "" : ` (pid ${event.pid})`}`);
        break;
      case "process":
        if (event.event === "start") this.processesStarted++;
        this.append(event.event === "start"
          ? `OS ${os}: process ${event.pid} (${event.comm}) started`
          : `OS ${os}: process ${event.pid} (${event.comm}) exited${event.status === undefined ? "" : `, status ${event.status}`}`);
        break;
    }
    this.changed();
  }

  report(): LwkActivityReport {
    const cpus: LwkCpuActivity[] = [];
    let inUse: number | undefined;
    for (const instance of this.instances.values()) {
      for (const cpu of instance.cpus.values()) cpus.push({ ...cpu, thread: cpu.thread && { ...cpu.thread } });
      const bytes = instance.inUseBytes();
      if (bytes !== undefined) inUse = (inUse ?? 0) + bytes;
    }
    return {
      cpus,
      localCalls: this.localCalls,
      offloadedCalls: this.offloadedCalls,
      ikcMessages: this.ikcMessages,
      processesStarted: this.processesStarted,
      lwkInUseBytes: inUse,
      log: this.log.map((entry) => ({ ...entry })),
    };
  }

  private append(text: string): void {
    this.log.push({ seq: ++this.seq, text });
    if (this.log.length > LOG_ENTRIES) this.log.shift();
  }

  private changed(): void {
    this.listener?.();
  }
}
