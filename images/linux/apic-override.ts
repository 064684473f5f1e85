// Writes the ACPI MADT ("APIC" table) override that gives cn01 its CPUs.
//
// v86 emulates one processor, so the BIOS's MADT lists one local APIC.
// Linux (CONFIG_ACPI_TABLE_UPGRADE) replaces a firmware table with one found
// as kernel/firmware/acpi/*.aml in an uncompressed cpio in front of the
// initrd, when signature, OEM ID and OEM table ID match and the OEM revision
// is higher. We keep every entry of the BIOS table except the local APIC
// ones, and list one enabled local APIC per CPU instead.
//
//   tsx apic-override.ts <bios MADT> <cpu count> <output .aml>
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const HEADER_SIZE = 36;
const MADT_FIXED_SIZE = HEADER_SIZE + 8; // + local APIC address and flags
const LOCAL_APIC_ENTRY = 0;
const LOCAL_APIC_ENABLED = 1;

function entries(table: Uint8Array): Uint8Array[] {
  const list: Uint8Array[] = [];
  for (let at = MADT_FIXED_SIZE; at < table.length; ) {
    const length = table[at + 1];
    if (length < 2 || at + length > table.length) throw new Error(`malformed MADT entry at ${at}`);
    list.push(table.subarray(at, at + length));
    at += length;
  }
  return list;
}

function localApic(id: number): Uint8Array {
  const entry = new Uint8Array(8);
  const view = new DataView(entry.buffer);
  entry[0] = LOCAL_APIC_ENTRY;
  entry[1] = 8;
  entry[2] = id; // ACPI processor UID
  entry[3] = id; // APIC ID
  view.setUint32(4, LOCAL_APIC_ENABLED, true);
  return entry;
}

export function buildOverride(bios: Uint8Array, cpus: number): Uint8Array {
  if (String.fromCharCode(...bios.subarray(0, 4)) !== "APIC") throw new Error("not an APIC table");
  const kept = entries(bios).filter((e) => e[0] !== LOCAL_APIC_ENTRY);
  const apics = Array.from({ length: cpus }, (_, id) => localApic(id));
  const body = [...apics, ...kept];
  const size = MADT_FIXED_SIZE + body.reduce((n, e) => n + e.length, 0);
  const table = new Uint8Array(size);
  const view = new DataView(table.buffer);
  table.set(bios.subarray(0, MADT_FIXED_SIZE));
  let at = MADT_FIXED_SIZE;
  for (const e of body) {
    table.set(e, at);
    at += e.length;
  }
  view.setUint32(4, size, true);
  view.setUint32(24, view.getUint32(24, true) + 1, true); // OEM revision
  table[9] = 0;
  const sum = table.reduce((s, b) => (s + b) & 0xff, 0);
  table[9] = (0x100 - sum) & 0xff;
  return table;
}

function main(args: string[]): void {
  const [biosPath, cpuArg, outPath] = args;
  const cpus = Number(cpuArg);
  if (!biosPath || !outPath || !Number.isInteger(cpus) || cpus < 1 || cpus > 255) {
    console.error("usage: apic-override.ts <bios MADT> <cpu count 1..255> <output .aml>");
    process.exit(2);
  }
  writeFileSync(outPath, buildOverride(readFileSync(biosPath), cpus));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
