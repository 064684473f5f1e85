// The learner's place in each lab (current step, steps done), kept in localStorage. The record
// is versioned: a record of another schema is ignored, never misread.

export const PROGRESS_SCHEMA = 1;
const KEY_PREFIX = "cn01.tutorial.";

export interface LabProgress {
  schema: number;
  current: string;
  completed: string[];
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class ProgressStore {
  constructor(private readonly storage: KeyValueStore) {}

  load(lab: string): LabProgress | undefined {
    try {
      const record = JSON.parse(this.storage.getItem(KEY_PREFIX + lab) ?? "null") as Partial<LabProgress> | null;
      if (record?.schema !== PROGRESS_SCHEMA || typeof record.current !== "string" || !Array.isArray(record.completed)) return undefined;
      return { schema: PROGRESS_SCHEMA, current: record.current, completed: record.completed.filter((id) => typeof id === "string") };
    } catch {
      return undefined;
    }
  }

  save(lab: string, current: string, completed: Iterable<string>): void {
    const record: LabProgress = { schema: PROGRESS_SCHEMA, current, completed: [...completed] };
    this.storage.setItem(KEY_PREFIX + lab, JSON.stringify(record));
  }
}
