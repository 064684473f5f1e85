/**
 * CPUID: reports exactly the features this core implements, so that glibc and compilers'
 * runtime dispatch choose code paths we support. EDX of leaf 1: FPU(0) TSC(4) CX8(8)
 * CMOV(15) MMX(23) FXSR(24) SSE(25) SSE2(26). No SEP: glibc then uses int 0x80.
 */
const LEAF1_EDX = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 15) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26);
/** Family 6, model 15, stepping 1. */
const LEAF1_EAX = (6 << 8) | (15 << 4) | 1;
/**
 * ECX of leaf 1: only bit 31, "running under a hypervisor". The LWK cores belong to the same
 * virtual node as v86's CPU, which reports that bit and VMware's vendor leaf 0x40000000, so
 * programs (lscpu) describe the machine alike on Linux and on the LWK.
 */
const LEAF1_ECX = 1 << 31;
const HYPERVISOR_VENDOR = "VMwareVMware";

function ascii4(s: string): number {
  return s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);
}

const BRAND = "cn01 TypeScript LWK core".padEnd(48, "\0");

export function cpuid(r: Int32Array): void {
  const leaf = r[0] >>> 0;
  let a = 0, b = 0, c = 0, d = 0;
  if (leaf === 0) {
    a = 1; b = ascii4("Genu"); d = ascii4("ineI"); c = ascii4("ntel");
  } else if (leaf === 1) {
    a = LEAF1_EAX; b = 0x00010000; c = LEAF1_ECX; d = LEAF1_EDX;
  } else if (leaf === 0x40000000) {
    [b, c, d] = [0, 4, 8].map((o) => ascii4(HYPERVISOR_VENDOR.slice(o, o + 4)));
  } else if (leaf === 0x80000000) {
    a = 0x80000004;
  } else if (leaf >= 0x80000002 && leaf <= 0x80000004) {
    const at = (leaf - 0x80000002) * 16;
    [a, b, c, d] = [0, 4, 8, 12].map((o) => ascii4(BRAND.slice(at + o, at + o + 4)));
  }
  r[0] = a; r[3] = b; r[1] = c; r[2] = d;
}
