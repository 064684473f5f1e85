// Layouts of structures shared between the guest (C) and the host (TypeScript). A struct is
// declared once here as a list of fields; offsets follow natural alignment and every field
// must already sit on its natural boundary (no hidden padding), so i386 and x86_64 compilers
// and this module all agree. c-header.ts turns the same declarations into C.

export type FieldType = "u8" | "u32" | "u64";

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Array length; 1 for a scalar, 0 for a trailing flexible array. */
  count?: number;
  doc: string;
}

export interface Field extends Required<FieldSpec> {
  offset: number;
  /** Bytes of the whole field (count elements). */
  size: number;
}

export interface StructLayout {
  /** C name, without "struct". */
  name: string;
  doc: string;
  fields: readonly Field[];
  size: number;
}

export const TYPE_SIZE: Record<FieldType, number> = { u8: 1, u32: 4, u64: 8 };

export class LayoutError extends Error {
  override name = "LayoutError";
}

/** Lays out fields in order; throws when one would need padding to be aligned. */
export function defineStruct(name: string, doc: string, specs: readonly FieldSpec[]): StructLayout {
  let offset = 0;
  const fields: Field[] = [];
  for (const spec of specs) {
    const count = spec.count ?? 1;
    const align = TYPE_SIZE[spec.type];
    if (offset % align !== 0) throw new LayoutError(`${name}.${spec.name} at ${offset} is not ${align}-byte aligned`);
    if (count === 0 && spec !== specs[specs.length - 1]) throw new LayoutError(`${name}.${spec.name}: only the last field can be flexible`);
    const size = align * count;
    fields.push({ ...spec, count, offset, size });
    offset += size;
  }
  if (offset % 8 !== 0) throw new LayoutError(`${name} is ${offset} bytes: pad it to a multiple of 8`);
  return { name, doc, fields, size: offset };
}

export function field(layout: StructLayout, name: string): Field {
  const found = layout.fields.find((f) => f.name === name);
  if (!found) throw new LayoutError(`${layout.name} has no field ${name}`);
  return found;
}

/** Little-endian access to one instance of a struct inside a byte array (e.g. guest RAM). */
export class StructView {
  private readonly view: DataView;

  constructor(readonly layout: StructLayout, bytes: Uint8Array, readonly base: number) {
    if (base < 0 || base + layout.size > bytes.length) {
      throw new RangeError(`${layout.name} at 0x${base.toString(16)} does not fit in ${bytes.length} bytes`);
    }
    this.view = new DataView(bytes.buffer, bytes.byteOffset + base, layout.size);
  }

  get(name: string, index = 0): number {
    const f = this.element(name, index);
    switch (f.type) {
      case "u8": return this.view.getUint8(f.at);
      case "u32": return this.view.getUint32(f.at, true);
      case "u64": return this.view.getUint32(f.at, true) + this.view.getUint32(f.at + 4, true) * 2 ** 32;
    }
  }

  set(name: string, value: number, index = 0): void {
    const f = this.element(name, index);
    switch (f.type) {
      case "u8": this.view.setUint8(f.at, value); break;
      case "u32": this.view.setUint32(f.at, value >>> 0, true); break;
      case "u64":
        this.view.setUint32(f.at, value % 2 ** 32, true);
        this.view.setUint32(f.at + 4, Math.floor(value / 2 ** 32), true);
        break;
    }
  }

  /** A u8 array field read as a NUL-terminated string. */
  getString(name: string): string {
    const f = field(this.layout, name);
    const bytes = new Uint8Array(this.view.buffer, this.view.byteOffset + f.offset, f.size);
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(bytes.subarray(0, end === -1 ? f.size : end));
  }

  private element(name: string, index: number): { type: FieldType; at: number } {
    const f = field(this.layout, name);
    if (!Number.isInteger(index) || index < 0 || index >= f.count) throw new RangeError(`${this.layout.name}.${name}[${index}]`);
    return { type: f.type, at: f.offset + index * TYPE_SIZE[f.type] };
  }
}
