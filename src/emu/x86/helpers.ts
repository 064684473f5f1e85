import { aad, aam, bcd } from "./bcd.ts";
import { cpuid } from "./cpuid.ts";
import { divideError, generalProtection, invalidOpcode, type CpuFault } from "./fault.ts";
import { div, imul, mul } from "./muldiv.ts";
import { shift, shiftDouble } from "./shift.ts";
import { sseHelpers } from "./sse-runtime.ts";
import {
  fromDouble, fromSingle, loadBcd, loadEnvironment, loadExtended, loadInt64, storeBcd, storeDouble, storeEnvironment,
  storeExtended, storeInt64, toSingle,
} from "./x87-memory.ts";
import { enter } from "./stack-frame.ts";
import { cmps, lods, movs, scas, stos } from "./string-ops.ts";
import { fxrstor, fxsave, ldmxcsr } from "./fxsave.ts";
import { DEFAULT_NAN } from "./x87.ts";
import { LOAD_CONSTANTS } from "./x87-constants.ts";
import { x87Transcendentals } from "./x87-transcendental.ts";
import type { X86Core } from "./cpu.ts";

/** Time stamp counter: the number of instructions retired (deterministic). */
function rdtsc(c: X86Core, r: Int32Array): void {
  const t = c.timeStamp();
  r[0] = t % 4294967296;
  r[2] = Math.floor(t / 4294967296);
}

/**
 * Runtime functions called by generated block code (as `h.name(...)`). Kept in one object
 * so that every block function receives the same shape.
 */
export const helpers = {
  ud: (bytes: number[]): CpuFault => invalidOpcode(bytes),
  gp: (code: number): CpuFault => generalProtection(code),
  de: (): CpuFault => divideError(),
  enter, shift, shiftDouble, mul, imul, div, movs, stos, lods, cmps, scas,
  bcd, aam, aad, cpuid, rdtsc, fxsave, fxrstor, ldmxcsr,
  ...sseHelpers,
  fromSingle, toSingle, fromDouble, storeDouble, loadInt64, storeInt64, loadBcd, storeBcd, loadExtended, storeExtended,
  storeEnvironment, loadEnvironment, DEFAULT_NAN, LOAD_CONSTANTS, ...x87Transcendentals,
};

export type Helpers = typeof helpers;
