import type { FaultInfo } from "./types.ts";

/**
 * Thrown inside the core when an instruction faults; caught by the run loop, which turns it
 * into a RunResult. Never escapes the core.
 */
export class CpuFault extends Error {
  constructor(readonly info: FaultInfo) {
    super(info.name);
  }
}

export function divideError(): CpuFault {
  return new CpuFault({ name: "#DE", vector: 0 });
}

export function generalProtection(errorCode = 0): CpuFault {
  return new CpuFault({ name: "#GP", vector: 13, errorCode });
}

export function invalidOpcode(bytes: number[]): CpuFault {
  return new CpuFault({ name: "#UD", vector: 6, bytes });
}

export function pageFault(address: number, access: "read" | "write" | "execute", present: boolean): CpuFault {
  const errorCode = (present ? 1 : 0) | (access === "write" ? 2 : 0) | 4 | (access === "execute" ? 16 : 0);
  return new CpuFault({ name: "#PF", vector: 14, errorCode, address: address >>> 0, access, present });
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

/** One-line description of a fault, e.g. `#UD at eip=0x0804a1b2 bytes 0f 0b`. */
export function formatFault(fault: FaultInfo, eip: number): string {
  const at = `${fault.name} at eip=0x${hex(eip >>> 0, 8)}`;
  switch (fault.name) {
    case "#UD":
      return `${at} bytes ${fault.bytes.map((b) => hex(b, 2)).join(" ")}`;
    case "#PF":
      return `${at} ${fault.access} address=0x${hex(fault.address, 8)} ${fault.present ? "protection" : "not-present"}`;
    case "#GP":
      return `${at} error=0x${hex(fault.errorCode, 4)}`;
    default:
      return at;
  }
}
