/** Why generated code stopped the run loop (`X86Core.trapKind`). */
export const TRAP_NONE = 0, TRAP_INT = 1, TRAP_HLT = 2, TRAP_SYSENTER = 3;
