// The board: the emulated node cn01 (v86's PC, the IHK device and the LWK cores it starts),
// its lifecycle (cold boot, restore from the boot snapshot, reboot), its serial console, its
// home share and its scheduler. Runs in the page's worker and in Node alike.

import type { Emulator, WasmInstantiator } from "../v86/emulator.ts";
import type { ShareEntry } from "../v86/share-fs.ts";
import { createEmulator } from "../v86/v86-emulator.ts";
import { EventFeed, type BoardPhase } from "./events.ts";
import { homeFromTar } from "./home.ts";
import type { HostDevice } from "./host-device.ts";
import { IhkDevice } from "./ihk-device.ts";
import { inflateInitrd } from "./initrd.ts";
import { loadVerifiedFile, type ImageSource } from "./image-source.ts";
import { createLoopHost, type LoopHost } from "./loop-host.ts";
import type { MachineFile, MachineFileKey, MachineManifest } from "./machine.ts";
import { throttleProgress } from "./progress-throttle.ts";
import { PromptWatcher } from "./prompt-watcher.ts";
import { Scheduler, type Coprocessor, type SchedulerStats } from "./scheduler.ts";
import { describeSnapshotFor, encodeSnapshot, snapshotMismatch, type OpenedSnapshot } from "./snapshot.ts";
import { throttle } from "./throttle.ts";

export interface BoardOptions {
  images: ImageSource;
  instantiateWasm: WasmInstantiator;
  loop?: LoopHost;
  /** mckernel.img for the pristine home (install/<release>/smp-x86/kernel/). */
  lwkImage?: () => Promise<Uint8Array>;
}

export interface StartRequest {
  machine: MachineManifest;
  /** Guest RAM; defaults to machine.json's. */
  memoryBytes?: number;
  /** A boot snapshot; used only when it was made from the same images and RAM size. */
  snapshot?: OpenedSnapshot;
  /** A saved home tree to use instead of the pristine one. */
  home?: readonly ShareEntry[];
}

export interface StartReport {
  mode: "restored" | "cold";
  /** Why a given snapshot was not used. */
  fallbackReason?: string;
}

/** Console bytes as a string, one character per byte (so any bytes survive JSON). */
const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const fromLatin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** The text after the last line break, at most a line's worth. */
const lastLine = (text: string): string => text.slice(Math.max(text.lastIndexOf("\n") + 1, text.length - 256));

export class BoardStateError extends Error {
  override name = "BoardStateError";
}

/** The LWK activity the page gets: enough to look live, few enough to cost nothing. */
export const LWK_EVENTS_PER_S = 10;
const HOME_MODE = 0o755;
const LWK_IMAGE_MODE = 0o644;

export class Board {
  readonly events = new EventFeed();
  /** The IHK board device and the LWK cores it starts. */
  readonly ihk: IhkDevice;
  private readonly loop: LoopHost;
  private readonly devices: HostDevice[] = [];
  private readonly coprocessors: Coprocessor[] = [];
  private readonly serialListeners = new Set<(bytes: Uint8Array) => void>();
  private machine: MachineManifest | undefined;
  private memoryBytes = 0;
  private emulator: Emulator | undefined;
  private scheduler: Scheduler | undefined;
  private pristineHome: ShareEntry[] | undefined;
  private deliverSerial: (chunk: Uint8Array) => void = () => undefined;
  /** What the console shows on its last line (the prompt, at rest): saved with a snapshot. */
  private consoleLine = "";
  /** Machine files read or being read, by sha256: each is fetched once. */
  private readonly files = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly options: BoardOptions) {
    this.loop = options.loop ?? createLoopHost();
    this.ihk = new IhkDevice({ events: this.events, wake: () => this.scheduler?.wake() });
    this.addDevice(this.ihk);
    this.addCoprocessor(this.ihk.cores);
    const activity = this.ihk.cores.activity;
    activity.onChange(throttle(() => this.events.emit({ type: "lwk", activity: activity.report() }), 1000 / LWK_EVENTS_PER_S, this.loop));
  }

  addDevice(device: HostDevice): void {
    this.devices.push(device);
    if (this.emulator) device.attach(this.emulator);
  }

  addCoprocessor(coprocessor: Coprocessor): void {
    this.coprocessors.push(coprocessor);
    this.scheduler?.addCoprocessor(coprocessor);
  }

  /** Starts reading files the next start() needs, so they arrive while other things load. */
  preload(machine: MachineManifest, keys: readonly MachineFileKey[]): void {
    // A failure shows when start() needs the file.
    for (const key of keys) this.loadFile(machine.files[key]).catch(() => undefined);
  }

  /** Serial console output, in chunks (one per slice at most). Returns an unsubscribe function. */
  onSerial(listener: (bytes: Uint8Array) => void): () => void {
    this.serialListeners.add(listener);
    return () => this.serialListeners.delete(listener);
  }

  async start(request: StartRequest): Promise<StartReport> {
    if (this.emulator) throw new BoardStateError("the board is already running; reboot it instead");
    this.machine = request.machine;
    this.memoryBytes = request.memoryBytes ?? request.machine.memoryBytes;
    this.ihk.reset();
    try {
      const report = await this.startEmulator(request);
      // A cold boot stays in "booting" until Linux gets there; the prompt event marks it.
      if (report.mode === "restored") this.phase("running", "restored from the boot snapshot");
      return report;
    } catch (error) {
      this.phase("failed", (error as Error).message);
      this.events.emit({ type: "error", message: (error as Error).message });
      throw error;
    }
  }

  /** Reboots the node from its kernel (a cold boot); the home share keeps its content. */
  async reboot(): Promise<void> {
    const machine = this.requireMachine();
    const home = await this.exportHome();
    await this.shutdown();
    await this.start({ machine, memoryBytes: this.memoryBytes, home });
  }

  sendInput(bytes: Uint8Array): void {
    this.requireEmulator().sendSerial(bytes);
  }

  exportHome(): Promise<ShareEntry[]> {
    return this.requireEmulator().share.exportTree();
  }

  importHome(entries: readonly ShareEntry[]): Promise<void> {
    return this.requireEmulator().share.replaceTree(entries);
  }

  /** Puts back the pristine home from home.tar. */
  async resetHome(): Promise<void> {
    await this.importHome(await this.loadPristineHome());
  }

  readHomeFile(path: string): Promise<Uint8Array> {
    return this.requireEmulator().share.readFile(path);
  }

  writeHomeFile(path: string, data: Uint8Array, mode?: number): Promise<void> {
    return this.requireEmulator().share.writeFile(path, data, this.requireMachine().user, mode);
  }

  removeHomeFile(path: string): Promise<void> {
    return this.requireEmulator().share.remove(path);
  }

  /** Saves the running node as a boot snapshot file (v86 state + host device state). */
  async saveSnapshot(): Promise<Uint8Array> {
    const emulator = this.requireEmulator();
    const devices: Record<string, unknown> = {};
    for (const device of this.devices) devices[device.name] = device.saveState();
    const header = describeSnapshotFor(this.requireMachine(), this.memoryBytes, devices, this.consoleLine);
    return encodeSnapshot(header, await emulator.saveState());
  }

  schedulerStats(): SchedulerStats {
    return this.requireScheduler().getStats();
  }

  resetSchedulerStats(): void {
    this.requireScheduler().resetStats();
  }

  instructionCount(): number {
    return this.requireEmulator().instructionCount();
  }

  async shutdown(): Promise<void> {
    const emulator = this.emulator;
    if (!emulator) return;
    this.emulator = undefined;
    this.scheduler = undefined;
    await emulator.stop();
    await emulator.destroy();
    this.phase("stopped", "the node is off");
  }

  private async startEmulator(request: StartRequest): Promise<StartReport> {
    const machine = this.requireMachine();
    this.phase("loading", "loading the firmware");
    const [bios, vgaBios] = await Promise.all([this.load("bios"), this.load("vgaBios")]);
    let fallbackReason: string | undefined;
    if (request.snapshot) {
      try {
        const emulator = await this.restore(request.snapshot, bios, vgaBios);
        if (request.home) await emulator.share.replaceTree(request.home);
        else await this.refreshLwkImage(emulator);
        this.run(emulator);
        // The console's screen is part of the node's state: show the line (the shell's prompt)
        // it showed when the snapshot was taken; the shell waits right there for input.
        this.deliverSerial(fromLatin1(request.snapshot.header.console));
        return { mode: "restored" };
      } catch (error) {
        fallbackReason = (error as Error).message;
        this.events.emit({ type: "notice", level: "warning", message: `Cold boot: ${fallbackReason}.` });
      }
    }
    this.phase("loading", "loading the kernel and initramfs");
    const [bzimage, initrd, home] = await Promise.all([
      this.load("bzimage"), this.load("initrd"), request.home ?? this.loadPristineHome(),
    ]);
    const kernel = { bzimage, initrd: await inflateInitrd(initrd) };
    const emulator = await createEmulator({ ...this.emulatorBase(bios, vgaBios), kernel });
    emulator.share.setRoot(machine.user, HOME_MODE);
    await emulator.share.replaceTree(home);
    this.phase("booting", "booting Linux");
    this.run(emulator);
    return fallbackReason === undefined ? { mode: "cold" } : { mode: "cold", fallbackReason };
  }

  private async restore(snapshot: OpenedSnapshot, bios: Uint8Array, vgaBios: Uint8Array): Promise<Emulator> {
    const { header } = snapshot;
    const mismatch = snapshotMismatch(header, this.requireMachine(), this.memoryBytes);
    if (mismatch) throw new BoardStateError(mismatch);
    this.phase("restoring", "restoring the boot snapshot");
    const emulator = await createEmulator(this.emulatorBase(bios, vgaBios));
    try {
      // The state may still be downloading and inflating: it was opened as a stream.
      await emulator.restoreState(await snapshot.state);
    } catch (error) {
      await emulator.destroy();
      throw new BoardStateError(`the boot snapshot could not be restored (${(error as Error).message})`);
    }
    for (const device of this.devices) {
      if (device.name in header.devices) device.restoreState(header.devices[device.name]);
    }
    return emulator;
  }

  private emulatorBase(bios: Uint8Array, vgaBios: Uint8Array) {
    const machine = this.requireMachine();
    return {
      memoryBytes: this.memoryBytes,
      acpi: machine.acpi,
      cmdline: machine.cmdline,
      bios,
      vgaBios,
      instantiateWasm: this.options.instantiateWasm,
    };
  }

  /** Wires a loaded emulator to devices, scheduler, serial and home events, and starts it. */
  private run(emulator: Emulator): void {
    this.emulator = emulator;
    for (const device of this.devices) device.attach(emulator);
    const scheduler = new Scheduler(emulator, this.loop);
    this.scheduler = scheduler;
    emulator.takeOverScheduling((delayMs) => scheduler.onV86Yield(delayMs));
    for (const coprocessor of this.coprocessors) scheduler.addCoprocessor(coprocessor);
    this.wireSerial(emulator);
    emulator.share.onChange(() => this.events.emit({ type: "home-changed" }));
    emulator.start();
  }

  private wireSerial(emulator: Emulator): void {
    const watcher = new PromptWatcher(this.requireMachine().prompt);
    let pending: number[] = [];
    this.deliverSerial = (chunk) => {
      this.consoleLine = lastLine(this.consoleLine + latin1(chunk.subarray(-256)));
      for (const listener of this.serialListeners) listener(chunk);
      if (watcher.feed(chunk) > 0) this.events.emit({ type: "prompt" });
    };
    const flush = (): void => {
      const chunk = Uint8Array.from(pending);
      pending = [];
      this.deliverSerial(chunk);
    };
    emulator.onSerialByte((byte) => {
      // v86 hands out bytes one by one during a slice: deliver them together after it.
      if (pending.length === 0) queueMicrotask(flush);
      pending.push(byte);
    });
  }

  private async loadPristineHome(): Promise<ShareEntry[]> {
    if (!this.pristineHome) {
      const home = homeFromTar(await this.load("home"), this.requireMachine().user);
      const image = await this.options.lwkImage?.();
      if (image?.length) home.push(this.lwkImageEntry(image));
      this.pristineHome = home;
    }
    return this.pristineHome;
  }

  private lwkImageEntry(data: Uint8Array): ShareEntry {
    const { uid, gid } = this.requireMachine().user;
    return { path: this.lwkImagePath(), kind: "file", mode: LWK_IMAGE_MODE, uid, gid, mtime: Math.floor(Date.now() / 1000), data, target: "" };
  }

  private lwkImagePath(): string {
    return `install/${this.requireMachine().kernelRelease}/smp-x86/kernel/mckernel.img`;
  }

  /** A restored pristine home has the image of the snapshot's day: put the current one. */
  private async refreshLwkImage(emulator: Emulator): Promise<void> {
    const image = await this.options.lwkImage?.();
    if (image?.length) await emulator.share.writeFile(this.lwkImagePath(), image, this.requireMachine().user, LWK_IMAGE_MODE);
  }

  private load(key: MachineFileKey): Promise<Uint8Array> {
    return this.loadFile(this.requireMachine().files[key]);
  }

  private loadFile(file: MachineFile): Promise<Uint8Array> {
    let loading = this.files.get(file.sha256);
    if (!loading) {
      loading = loadVerifiedFile(this.options.images, file, throttleProgress((loadedBytes, totalBytes) =>
        this.events.emit({ type: "download", file: file.path, loadedBytes, totalBytes })));
      this.files.set(file.sha256, loading);
      // A failed read is tried again the next time.
      loading.catch(() => this.files.delete(file.sha256));
    }
    return loading;
  }

  private phase(phase: BoardPhase, detail: string): void {
    this.events.emit({ type: "phase", phase, detail });
  }

  private requireMachine(): MachineManifest {
    if (!this.machine) throw new BoardStateError("the board has not been started");
    return this.machine;
  }

  private requireEmulator(): Emulator {
    if (!this.emulator) throw new BoardStateError("the node is not running");
    return this.emulator;
  }

  private requireScheduler(): Scheduler {
    if (!this.scheduler) throw new BoardStateError("the node is not running");
    return this.scheduler;
  }
}
