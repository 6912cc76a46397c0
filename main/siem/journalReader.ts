import { join } from 'node:path';
import { nodeCrypto } from '../crypto';
import { JournalStore } from '../journal';
import { JOURNAL_FILE } from '../workspace';
import type { StoredEntry } from './entryLine';

// The forwarder reads the journal through its own read-only connection: it
// never takes the write lock, never waits on the host's transactions (WAL
// readers see the last commit), and is unaffected when the host's change
// feed reopens its workspace.

export interface JournalReader {
  readonly workspaceId: string;
  /** Entries stored after `rowid`, in storage order; read them in one go (the statement is open meanwhile). */
  entriesAfter(rowid: number): Iterable<StoredEntry>;
  maxRowid(): number;
  close(): void;
}

export function openJournalReader(workspaceDir: string): JournalReader {
  const store = JournalStore.open(join(workspaceDir, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
  const workspaceId = store.meta('workspace');
  if (workspaceId === null) {
    store.close();
    throw new Error(`${workspaceDir}: the journal has no workspace id`);
  }
  return {
    workspaceId,
    entriesAfter: (rowid) => store.entriesAfterRowid(rowid),
    maxRowid: () => store.maxRowid(),
    close: () => store.close(),
  };
}

/** How much one request may carry. */
export interface BatchLimits {
  maxEntries: number;
  /** Encoded records' bytes; one entry larger than this still goes, alone. */
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEntries: 500, maxBytes: 1024 * 1024 };

export interface Batch {
  records: string[];
  ids: string[];
  firstRowid: number;
  lastRowid: number;
}

/** The next batch after `rowid`, encoded, or null when there is nothing after it. */
export function nextBatch(reader: JournalReader, rowid: number, limits: BatchLimits, encode: (e: StoredEntry) => string): Batch | null {
  const batch: Batch = { records: [], ids: [], firstRowid: 0, lastRowid: rowid };
  let bytes = 0;
  for (const entry of reader.entriesAfter(rowid)) {
    const record = encode(entry);
    const size = Buffer.byteLength(record) + 1;
    if (batch.records.length > 0 && bytes + size > limits.maxBytes) break;
    if (batch.records.length === 0) batch.firstRowid = entry.rowid;
    batch.records.push(record);
    batch.ids.push(entry.id);
    batch.lastRowid = entry.rowid;
    bytes += size;
    if (batch.records.length >= limits.maxEntries) break;
  }
  return batch.records.length === 0 ? null : batch;
}
