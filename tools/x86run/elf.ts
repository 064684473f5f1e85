/** Minimal ELF32 (i386) reader: header and program headers. */

export const PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6;
export const PF_X = 1, PF_W = 2, PF_R = 4;

export interface ProgramHeader {
  type: number; offset: number; vaddr: number; filesz: number; memsz: number; flags: number;
}

export interface ElfImage {
  type: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  segments: ProgramHeader[];
  interpreter: string | null;
}

export class ElfError extends Error {}

export function parseElf(file: Uint8Array): ElfImage {
  if (file.length < 52 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46) {
    throw new ElfError("not an ELF file");
  }
  if (file[4] !== 1) throw new ElfError("not a 32-bit ELF file (64-bit programs are not supported)");
  if (file[5] !== 1) throw new ElfError("not a little-endian ELF file");
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const type = dv.getUint16(16, true);
  if (dv.getUint16(18, true) !== 3) throw new ElfError("not an i386 ELF file");
  if (type !== 2 && type !== 3) throw new ElfError("not an executable or shared object");
  const phoff = dv.getUint32(28, true), phentsize = dv.getUint16(42, true), phnum = dv.getUint16(44, true);
  if (phoff + phentsize * phnum > file.length) throw new ElfError("truncated program headers");
  const segments: ProgramHeader[] = [];
  let interpreter: string | null = null;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const ph: ProgramHeader = {
      type: dv.getUint32(at, true), offset: dv.getUint32(at + 4, true), vaddr: dv.getUint32(at + 8, true),
      filesz: dv.getUint32(at + 16, true), memsz: dv.getUint32(at + 20, true), flags: dv.getUint32(at + 24, true),
    };
    if (ph.offset + ph.filesz > file.length) throw new ElfError("segment outside the file");
    if (ph.type === PT_INTERP) {
      interpreter = new TextDecoder().decode(file.subarray(ph.offset, ph.offset + ph.filesz)).replace(/\0.*$/s, "");
    }
    segments.push(ph);
  }
  return { type, entry: dv.getUint32(24, true), phoff, phentsize, phnum, segments, interpreter };
}
