export { X86Core } from "./cpu.ts";
export { PageTables } from "./page-tables.ts";
export { Reg, Seg } from "./types.ts";
export type { CoreState, FaultInfo, FpuState, PagingConfig, PhysicalMemory, RunResult } from "./types.ts";
