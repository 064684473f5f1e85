// One-off tool: boots the built kernel in v86 with ACPI on and a tiny
// busybox initrd, and saves the MADT the BIOS gives v86's machine, the
// starting point of the 4-CPU override (apic-override.ts). Run it again
// only when v86 or SeaBIOS changes, through dump-bios-madt.sh, which builds
// an initrd whose /init prints the table in hex between "MADT-BEGIN" and
// "MADT-END":
//   tsx dump-bios-madt.ts <bzImage> <initrd> <bios.bin> <vgabios.bin> <out.aml>
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { V86 } from "v86";

const [bzimage, initrd, bios, vgaBios, out] = process.argv.slice(2);
const file = (path: string) => ({ buffer: readFileSync(path).buffer as ArrayBuffer });
const wasmPath = createRequire(import.meta.url).resolve("v86/build/v86.wasm");

const emulator = new V86({
  wasm_path: wasmPath,
  memory_size: 256 * 1024 * 1024,
  acpi: true,
  bios: file(bios),
  vga_bios: file(vgaBios),
  bzimage: file(bzimage),
  initrd: file(initrd),
  cmdline: "console=ttyS0 tsc=reliable",
  autostart: true,
});

let console_text = "";
emulator.add_listener("serial0-output-byte", (byte: number) => {
  console_text += String.fromCharCode(byte);
  const found = /MADT-BEGIN\s+([0-9a-f\s]+?)\s*MADT-END/.exec(console_text);
  if (!found) return;
  writeFileSync(out, Buffer.from(found[1].replace(/\s+/g, ""), "hex"));
  emulator.destroy();
  process.exit(0);
});
setTimeout(() => {
  console.error("no MADT on the console within 120 s:\n" + console_text.slice(-2000));
  process.exit(1);
}, 120_000);
