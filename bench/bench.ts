/**
 * The shape every `bench/*.bench.ts` module follows: `export async function run()` (or a
 * default export of the same type) returning rows of figures, which `npm run bench`
 * (bench/index.ts) prints side by side.
 */
export interface BenchRow {
  /** What was measured, e.g. "integer program: core". */
  name: string;
  /** The figure, or null when it could not be measured (`note` says why). */
  value: number | null;
  /** Unit of `value`: "MIPS", "s", "×" … */
  unit: string;
  note?: string;
}

export type BenchRun = () => Promise<BenchRow[]>;
