// Named constants of a shared ABI, grouped as they appear in the generated C header.

export interface Constant {
  name: string;
  value: number;
  doc: string;
}

export interface ConstantGroup {
  doc: string;
  constants: readonly Constant[];
}

export const constant = (name: string, value: number, doc: string): Constant => ({ name, value, doc });

/** A group from an object of values: each key becomes prefix + key. */
export const group = (doc: string, prefix: string, values: Readonly<Record<string, number>>, docs: Readonly<Record<string, string>> = {}): ConstantGroup => ({
  doc,
  constants: Object.entries(values).map(([name, value]) => constant(prefix + name, value, docs[name] ?? "")),
});
