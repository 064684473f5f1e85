// The learner's home directory kept in IndexedDB between visits. The record is versioned and
// says which machine it belongs to, so a future format change is detected, not misread.

import type { ShareEntry } from "../emu/v86/share-fs.ts";

export const HOME_RECORD_SCHEMA = 1;
const DB_NAME = "cn01";
const DB_VERSION = 1;
const STORE = "home";
const KEY = "home";

export interface HomeRecord {
  schema: number;
  machine: string;
  savedAt: string;
  entries: ShareEntry[];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function openDb(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

async function withStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
    return result;
  } finally {
    db.close();
  }
}

export class HomeStore {
  constructor(private readonly machine: string) {}

  /** The saved home for this machine, or undefined (also when it has another schema). */
  async load(): Promise<HomeRecord | undefined> {
    const record = (await withStore("readonly", (s) => s.get(KEY))) as HomeRecord | undefined;
    if (!record || record.schema !== HOME_RECORD_SCHEMA || record.machine !== this.machine) return undefined;
    return record;
  }

  async save(entries: ShareEntry[]): Promise<void> {
    const record: HomeRecord = { schema: HOME_RECORD_SCHEMA, machine: this.machine, savedAt: new Date().toISOString(), entries };
    await withStore("readwrite", (s) => s.put(record, KEY));
  }

  async clear(): Promise<void> {
    await withStore("readwrite", (s) => s.delete(KEY));
  }
}
