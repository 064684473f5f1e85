// What cn01 can do so far. A step that needs a capability not in LANDED is shown as "coming
// soon" and skipped (with the reason) by labcheck, never counted as passing. The issue that
// lands a capability adds it here.

export const CAPABILITIES = ["ihk", "lwk-boot", "mcctrl", "mcexec", "cg", "syscall-lab"] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What each capability is, for the "coming soon" note. */
export const CAPABILITY_NAMES: Record<Capability, string> = {
  ihk: "the IHK modules and tools (ihk.ko, ihkconfig, ihkosctl)",
  "lwk-boot": "booting McKernel on the reserved CPUs",
  mcctrl: "the mcctrl offload module",
  mcexec: "mcexec, running programs on McKernel",
  cg: "the NPB CG benchmark",
  "syscall-lab": "rebuilding McKernel with a new system call",
};

export const LANDED: ReadonlySet<Capability> = new Set<Capability>(["ihk", "lwk-boot", "mcctrl", "mcexec"]);
