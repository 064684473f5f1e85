/**
 * Addresses and byte layouts shared by the generator, the native runner
 * (native/runner.c mirrors these numbers) and the tests.
 */

/** Where a snippet's code starts, natively and in the core. */
export const CODE_BASE = 0x00010000;
/** Where the data window starts; memory operands and the stack live in it. */
export const DATA_BASE = 0x00020000;
/** Bytes of the data window that are initialised and compared. */
export const WINDOW = 512;
/** Room for a snippet in a runner case record (the runner appends a 6-byte jump home). */
export const MAX_CODE = 48;

/** Byte offsets in the runner's `struct state`. */
export const STATE = {
  gpr: 0,
  eflags: 32,
  faulted: 36,
  vector: 40,
  eip: 44,
  fx: 48,
  mem: 48 + 512,
  bytes: 48 + 512 + WINDOW,
} as const;

/** Byte offsets in an FXSAVE image (Intel SDM vol. 1, table 10-2). */
export const FX = {
  fcw: 0,
  fsw: 2,
  ftw: 4,
  mxcsr: 24,
  /** ST(i) / MMi, 16-byte slots of which 10 are used. */
  st: 32,
  xmm: 160,
} as const;

/** EFLAGS bits a case may set: CF PF AF ZF SF OF and DF (TF, AC and IOPL would trap or fault). */
export const ARITH_FLAGS = 0x8d5;
export const DF = 0x400;
export const CASE_FLAGS = ARITH_FLAGS | DF;
