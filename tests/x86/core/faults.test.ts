import { describe, expect, it } from "vitest";
import { PageTables, X86Core } from "../../../src/emu/x86/index.ts";
import { coreWith, hex, CODE } from "./harness.ts";

/** A core with paging: code page and data pages identity-mapped, user-writable unless listed. */
function pagedCore(code: string, opts: { readOnly?: number[]; unmapped?: number[]; supervisor?: number[] } = {}) {
  const mem = { u8: new Uint8Array(1 << 20) };
  mem.u8.set(hex(code), CODE);
  let next = 0x80000;
  const pt = new PageTables(mem, { directory: 0x70000, allocate: () => (next += 0x1000) });
  for (let page = 0x1000; page < 0x40000; page += 0x1000) {
    if (opts.unmapped?.includes(page)) continue;
    pt.map(page, page, { writable: !opts.readOnly?.includes(page), user: !opts.supervisor?.includes(page) });
  }
  const cpu = new X86Core(mem);
  cpu.setPaging({ enabled: true, cr3: pt.directory });
  cpu.eip = CODE;
  cpu.regs[4] = 0x20000;
  return { cpu, mem, pt };
}

describe("precise faults", () => {
  it("push to an unmapped stack page reports #PF and leaves ESP unchanged", () => {
    const { cpu } = pagedCore("b8 05 00 00 00 50", { unmapped: [0x1f000] });
    const r = cpu.run(100);
    expect(r).toMatchObject({ kind: "fault", executed: 1 });
    if (r.kind !== "fault" || r.fault.name !== "#PF") throw new Error("expected #PF");
    expect(r.fault).toMatchObject({ address: 0x1fffc, access: "write", present: false, errorCode: 6 });
    expect(cpu.regs[4]).toBe(0x20000);
    expect(cpu.eip).toBe(CODE + 5);
  });

  it("a page-crossing store into a read-only page writes nothing", () => {
    const { cpu, mem } = pagedCore("b8 44 33 22 11 a3 fe 2f 00 00", { readOnly: [0x3000] });
    const r = cpu.run(100);
    if (r.kind !== "fault" || r.fault.name !== "#PF") throw new Error("expected #PF");
    expect(r.fault).toMatchObject({ address: 0x3000, access: "write", present: true, errorCode: 7 });
    expect([mem.u8[0x2ffe], mem.u8[0x2fff]]).toEqual([0, 0]);
    expect(cpu.eip).toBe(CODE + 5);
  });

  it("4 MiB pages with PSE map a large region with one directory entry", () => {
    const mem = { u8: new Uint8Array(12 << 20) };
    const code = hex("a1 10 00 40 00 c7 05 14 00 40 00 07 00 00 00 f4"); // mov eax,[0x400010]; mov dword [0x400014],7; hlt
    mem.u8.set(code, 0x801000);
    mem.u8.set([0x44, 0x33, 0x22, 0x11], 0x800010);
    const dv = new DataView(mem.u8.buffer);
    dv.setUint32(0x1000 + 1 * 4, 0x800000 | 0x80 | 7, true); // linear 4 MiB → physical 8 MiB, PS U W P
    const cpu = new X86Core(mem);
    cpu.setPaging({ enabled: true, cr3: 0x1000, pse: true });
    cpu.eip = 0x401000;
    expect(cpu.run(10).kind).toBe("hlt");
    expect(cpu.regs[0]).toBe(0x11223344);
    expect(dv.getUint32(0x800014, true)).toBe(7);
    expect(dv.getUint32(0x1004, true) & 0x60).toBe(0x60);
  });

  it("a supervisor page is a protection fault for user code", () => {
    const { cpu } = pagedCore("a1 00 50 00 00", { supervisor: [0x5000] });
    const r = cpu.run(10);
    if (r.kind !== "fault" || r.fault.name !== "#PF") throw new Error("expected #PF");
    expect(r.fault).toMatchObject({ access: "read", present: true, errorCode: 5 });
  });

  it("rep movsb interrupted by #PF resumes with updated ECX/ESI/EDI", () => {
    const { cpu, mem, pt } = pagedCore("be f0 4f 00 00 bf 00 80 00 00 b9 40 00 00 00 fc f3 a4 f4", { unmapped: [0x5000] });
    for (let i = 0; i < 16; i++) mem.u8[0x4ff0 + i] = i + 1;
    const r = cpu.run(100);
    if (r.kind !== "fault" || r.fault.name !== "#PF") throw new Error("expected #PF");
    expect(r.fault.address).toBe(0x5000);
    expect(cpu.eip).toBe(CODE + 16);
    expect([cpu.regs[1], cpu.regs[6], cpu.regs[7]]).toEqual([48, 0x5000, 0x8010]);
    pt.map(0x5000, 0x5000, { writable: true, user: true });
    mem.u8.fill(0xaa, 0x5000, 0x5030);
    expect(cpu.run(100).kind).toBe("hlt");
    expect(cpu.regs[1]).toBe(0);
    expect(Array.from(mem.u8.subarray(0x8000, 0x8012))).toEqual([...Array.from({ length: 16 }, (_, i) => i + 1), 0xaa, 0xaa]);
  });

  it("div by zero raises #DE with registers untouched", () => {
    const { cpu } = coreWith(hex("b8 07 00 00 00 31 c9 ba 00 00 00 00 f7 f1"));
    const r = cpu.run(100);
    expect(r).toMatchObject({ kind: "fault", fault: { name: "#DE" }, executed: 3 });
    expect(cpu.regs[0]).toBe(7);
    expect(cpu.eip).toBe(CODE + 12);
  });

  it("ud2 raises #UD naming its bytes", () => {
    const { cpu } = coreWith(hex("90 0f 0b"));
    const r = cpu.run(100);
    expect(r).toMatchObject({ kind: "fault", fault: { name: "#UD", bytes: [0x0f, 0x0b] } });
    expect(cpu.formatFault((r as Extract<typeof r, { kind: "fault" }>).fault)).toBe("#UD at eip=0x00001001 bytes 0f 0b");
  });

  it("lock is accepted on a memory read-modify-write and is #UD elsewhere", () => {
    // mov eax,0x3000; mov ebx,5; lock add [eax],ebx; lock add eax,ebx
    const { cpu, mem } = coreWith(hex("b8 00 30 00 00 bb 05 00 00 00 f0 01 18 f0 01 d8"));
    const r = cpu.run(100);
    expect(mem.u8[0x3000]).toBe(5);
    expect(r).toMatchObject({ kind: "fault", fault: { name: "#UD", bytes: [0xf0, 0x01, 0xd8] }, executed: 3 });
  });

  it("int 0x80 traps with eip after the instruction", () => {
    const { cpu } = coreWith(hex("b8 01 00 00 00 cd 80 90"));
    expect(cpu.run(100)).toEqual({ kind: "interrupt", vector: 0x80, executed: 2 });
    expect(cpu.eip).toBe(CODE + 7);
  });

  it("a fetch from memory outside RAM is a fault, not a host error", () => {
    const { cpu } = coreWith(hex("e9 00 00 00 40"));
    const r = cpu.run(100);
    expect(r).toMatchObject({ kind: "fault", fault: { name: "#PF", access: "execute" } });
  });
});

describe("running", () => {
  it("the budget is exact: run(1) executes one instruction", () => {
    const { cpu } = coreWith(hex("b9 a0 86 01 00 31 c0 01 c8 49 75 fb f4"));
    expect(cpu.run(1)).toEqual({ kind: "budget", executed: 1 });
    expect(cpu.eip).toBe(CODE + 5);
    expect(cpu.run(3)).toEqual({ kind: "budget", executed: 3 });
    expect(cpu.eip).toBe(CODE + 10);
    expect(cpu.run(1e9)).toMatchObject({ kind: "hlt" });
    expect(cpu.regs[0]).toBe((100000 * 100001) / 2 | 0);
  });

  it("stores into compiled code take effect (self-modifying code)", () => {
    const { cpu } = coreWith(hex("b8 01 00 00 00 c6 05 21 10 00 00 09 e9 0f 00 00 00"));
    const mem = cpu.mmu.u8;
    mem.set(hex("b8 07 00 00 00 f4"), 0x1020);
    cpu.eip = 0x1020;
    cpu.run(10);
    expect(cpu.regs[0]).toBe(7);
    cpu.eip = CODE;
    expect(cpu.run(10).kind).toBe("hlt");
    expect(cpu.regs[0]).toBe(9);
  });

  it("invalidatePhysical drops code changed by the host", () => {
    const { cpu, mem } = coreWith(hex("b8 07 00 00 00 f4"));
    cpu.run(10);
    mem.u8[CODE + 1] = 5;
    cpu.invalidatePhysical(CODE + 1, 1);
    cpu.eip = CODE;
    cpu.run(10);
    expect(cpu.regs[0]).toBe(5);
  });

  it("FS-relative accesses use the segment base", () => {
    const { cpu, mem } = coreWith(hex("64 a1 10 00 00 00 f4"));
    cpu.setSegment(4, 0x33, 0x6000);
    mem.u8.set([0x78, 0x56, 0x34, 0x12], 0x6010);
    cpu.run(10);
    expect(cpu.regs[0]).toBe(0x12345678);
  });

  it("state survives a JSON round trip", () => {
    const { cpu } = coreWith(hex("d9 e8 b8 01 00 00 00 f9 f4"));
    cpu.xmm[5] = -2;
    cpu.run(10);
    const copy = new X86Core({ u8: new Uint8Array(4096) });
    copy.setState(JSON.parse(JSON.stringify(cpu.getState())));
    expect(copy.getState()).toEqual(cpu.getState());
    expect(copy.fpu.st(0)).toBe(1);
    expect(copy.eflags & 1).toBe(1);
  });
});
