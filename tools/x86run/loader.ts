import { readFileSync } from "node:fs";
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from "./address-space.ts";
import { parseElf, PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR, type ElfImage } from "./elf.ts";

const PAGE = 4096;
/** Where a position-independent main program (or the interpreter) is placed. */
const PIE_BASE = 0x56555000, INTERP_BASE = 0xf7fc0000;

export interface LoadedImage {
  elf: ElfImage;
  base: number;
  entry: number;
  /** Linear address of the program headers in memory. */
  phdr: number;
  end: number;
}

function protOf(flags: number): number {
  return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

/** Maps the PT_LOAD segments of an ELF file into the address space. */
export function loadElf(space: AddressSpace, file: Uint8Array, interpreter: boolean): LoadedImage {
  const elf = parseElf(file);
  const base = elf.type === 3 ? (interpreter ? INTERP_BASE : PIE_BASE) : 0;
  let end = 0, phdr = 0;
  for (const ph of elf.segments) {
    if (ph.type === PT_PHDR) phdr = base + ph.vaddr;
    if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
    const start = ((base + ph.vaddr) & ~(PAGE - 1)) >>> 0;
    const stop = Math.floor((base + ph.vaddr + ph.memsz + PAGE - 1) / PAGE) * PAGE;
    space.addArea(start, stop, protOf(ph.flags) | PROT_READ);
    space.write(base + ph.vaddr, file.subarray(ph.offset, ph.offset + ph.filesz));
    if (ph.offset === 0 && phdr === 0) phdr = base + ph.vaddr + elf.phoff;
    end = Math.max(end, stop);
  }
  return { elf, base, entry: base + elf.entry, phdr, end };
}

export function readProgram(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
