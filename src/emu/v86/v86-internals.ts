// The parts of v86 0.5.462's internals cn01 uses, as types. v86.d.ts does not declare them;
// the names survive minification. Only this folder imports this file.

export interface V86Io {
  register_read(port: number, device: object, r8?: () => number, r16?: () => number, r32?: () => number): void;
  register_write(port: number, device: object, w8?: (v: number) => void, w16?: (v: number) => void, w32?: (v: number) => void): void;
}

export interface V86Cpu {
  io: V86Io;
  wasm_memory: WebAssembly.Memory;
  mem8: Uint8Array;
  device_raise_irq(line: number): void;
  device_lower_irq(line: number): void;
  jit_dirty_cache(start: number, end: number): void;
  zero_memory(start: number, length: number): void;
  reboot_internal(): void;
}

/** v86's main object ("v86" inside the V86 starter): owns the run loop. */
export interface V86Main {
  cpu: V86Cpu;
  yield(delayMs: number, tick: number): void;
  yield_callback(tick: number): void;
  unregister_yield(): void;
}

export interface V86Inode {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  ctime: number;
  atime: number;
  nlinks: number;
  symlink: string;
  direntries: Map<string, number>;
}

/** v86's 9p file system (lib/filesystem.js). */
export interface V86Fs {
  inodes: V86Inode[];
  SearchPath(path: string): { id: number; parentid: number; name: string };
  Search(parentId: number, name: string): number;
  CreateDirectory(name: string, parentId: number): number;
  CreateFile(name: string, parentId: number): number;
  CreateSymlink(name: string, parentId: number, target: string): number;
  Unlink(parentId: number, name: string): number;
  DeleteData(id: number): Promise<void>;
  get_data(id: number, offset: number, count: number): Promise<Uint8Array | null>;
  set_data(id: number, data: Uint8Array): Promise<void>;
  GetChildren(id: number): string[];
  IsDirectory(id: number): boolean;
}

/** The V86 starter object with the members v86.d.ts leaves out. */
export interface V86Starter {
  v86: V86Main;
  fs9p: V86Fs;
}
