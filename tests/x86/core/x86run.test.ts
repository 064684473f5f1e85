import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProgram } from "../../../tools/x86run/run.ts";

const BASE = 0x08048000, CODE_OFFSET = 84;
const EAX = 0, ECX = 1, EDX = 2, EBX = 3;

const u32 = (v: number): number[] => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
const movImm = (reg: number, v: number): number[] => [0xb8 + reg, ...u32(v)];
const syscall = [0xcd, 0x80];

/** A minimal static i386 ELF executable: one PT_LOAD segment holding `code` then `data`. */
function elf(code: (dataAddress: number) => number[], data: number[]): Uint8Array {
  const codeLength = code(0).length;
  const dataAddress = BASE + CODE_OFFSET + codeLength;
  const body = [...code(dataAddress), ...data];
  const size = CODE_OFFSET + body.length;
  const header = [
    0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, ...new Array(8).fill(0),
    2, 0, 3, 0, ...u32(1), ...u32(BASE + CODE_OFFSET), ...u32(52), ...u32(0), ...u32(0),
    52, 0, 32, 0, 1, 0, 40, 0, 0, 0, 0, 0,
  ];
  const phdr = [...u32(1), ...u32(0), ...u32(BASE), ...u32(BASE), ...u32(size), ...u32(size), ...u32(5), ...u32(0x1000)];
  return Uint8Array.from([...header, ...phdr, ...body]);
}

function runElf(image: Uint8Array, args: string[] = []): { status: number; report: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "x86run-"));
  const program = join(dir, "prog");
  writeFileSync(program, image);
  const report: string[] = [];
  const out = runProgram({ program, args, env: ["A=1"], sysroot: null, trace: false, report: (l) => report.push(l) });
  return { status: out.status, report };
}

describe("x86run", () => {
  it("runs a static program: open/write/close through int 0x80, exit status", () => {
    const dir = mkdtempSync(join(tmpdir(), "x86run-out-"));
    const path = join(dir, "out.txt");
    const pathBytes = [...Buffer.from(path), 0];
    const message = [...Buffer.from("hello from i386\n")];
    const image = elf((data) => [
      ...movImm(EAX, 5), ...movImm(EBX, data), ...movImm(ECX, 0o1101), ...movImm(EDX, 0o644), ...syscall,
      0x89, 0xc3, // mov ebx, eax
      ...movImm(EAX, 4), ...movImm(ECX, data + pathBytes.length), ...movImm(EDX, message.length), ...syscall,
      ...movImm(EAX, 6), ...syscall,
      ...movImm(EAX, 1), ...movImm(EBX, 42), ...syscall,
    ], [...pathBytes, ...message]);
    expect(runElf(image).status).toBe(42);
    expect(readFileSync(path, "utf8")).toBe("hello from i386\n");
  });

  it("passes argc on the stack", () => {
    // mov eax,1; mov ebx,[esp]; int 0x80  → exits with argc
    const image = elf(() => [...movImm(EAX, 1), 0x8b, 0x1c, 0x24, ...syscall], []);
    expect(runElf(image, ["a", "b", "c"]).status).toBe(4);
  });

  it("an undefined instruction stops with a #UD report and 128+SIGILL", () => {
    const { status, report } = runElf(elf(() => [0x90, 0x0f, 0x0b], []));
    expect(status).toBe(128 + 4);
    expect(report).toEqual([`x86run: #UD at eip=0x${(BASE + CODE_OFFSET + 1).toString(16).padStart(8, "0")} bytes 0f 0b`]);
  });

  it("a wild store is a #PF report and 128+SIGSEGV", () => {
    // mov dword [0x10], eax
    const { status, report } = runElf(elf(() => [0xa3, ...u32(0x10)], []));
    expect(status).toBe(128 + 11);
    expect(report[0]).toMatch(/^x86run: #PF at eip=0x08048054 write address=0x00000010 not-present$/);
  });
});
