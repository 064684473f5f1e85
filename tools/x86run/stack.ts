import type { AddressSpace } from "./address-space.ts";
import type { LoadedImage } from "./loader.ts";

export const STACK_TOP = 0xbffff000;
export const STACK_SIZE = 8 << 20;

const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8;
const AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15;
const AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

/**
 * Builds the initial process stack (i386 System V ABI): argc, argv[], NULL, envp[], NULL,
 * auxv pairs, then the strings and the 16 AT_RANDOM bytes. Returns the initial ESP.
 */
export function buildStack(space: AddressSpace, program: LoadedImage, interpBase: number, argv: string[],
  envp: string[], hwcap: number): number {
  let sp = STACK_TOP;
  const pushBytes = (bytes: Uint8Array): number => {
    sp -= bytes.length;
    space.write(sp, bytes);
    return sp;
  };
  const pushString = (s: string): number => pushBytes(new Uint8Array([...Buffer.from(s, "utf8"), 0]));
  const execfn = pushString(argv[0]);
  const platform = pushString("i686");
  const random = pushBytes(Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff));
  const argvPtrs = argv.map(pushString);
  const envPtrs = envp.map(pushString);
  const auxv: [number, number][] = [
    [AT_PHDR, program.phdr], [AT_PHENT, program.elf.phentsize], [AT_PHNUM, program.elf.phnum],
    [AT_PAGESZ, 4096], [AT_BASE, interpBase], [AT_FLAGS, 0], [AT_ENTRY, program.entry],
    [AT_UID, 1000], [AT_EUID, 1000], [AT_GID, 1000], [AT_EGID, 1000], [AT_PLATFORM, platform],
    [AT_HWCAP, hwcap], [AT_CLKTCK, 100], [AT_SECURE, 0], [AT_RANDOM, random], [AT_HWCAP2, 0],
    [AT_EXECFN, execfn], [AT_NULL, 0],
  ];
  const words = [argv.length, ...argvPtrs, 0, ...envPtrs, 0, ...auxv.flat()];
  sp = (sp - words.length * 4) & ~15;
  const block = new Uint8Array(words.length * 4);
  const dv = new DataView(block.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  space.write(sp, block);
  return sp;
}
