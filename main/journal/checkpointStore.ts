import type { Database } from 'better-sqlite3';
import type { OrderKey } from '../../shared/journal';
import { FOLD_VERSION, type ProjectionCheckpoint, type WorkspaceState } from '../../shared/state';

// The persisted projection makes cold start independent of journal length:
// open loads it and folds only the rows stored after it.

export interface StoredCheckpoint extends ProjectionCheckpoint {
  maxRowid: number;
  equivocations: number;
}

export function saveCheckpoint(db: Database, cp: ProjectionCheckpoint, maxRowid: number, equivocations: number): void {
  db.prepare(
    `INSERT INTO checkpoint (id, fold_version, max_rowid, count, last_key, equivocations, state)
     VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET fold_version = excluded.fold_version, max_rowid = excluded.max_rowid,
       count = excluded.count, last_key = excluded.last_key, equivocations = excluded.equivocations, state = excluded.state`,
  ).run(FOLD_VERSION, maxRowid, cp.count, cp.lastKey === null ? null : JSON.stringify(cp.lastKey), equivocations, JSON.stringify(cp.state));
}

/** The saved projection, or null if there is none or it was made by another fold version. */
export function loadCheckpoint(db: Database): StoredCheckpoint | null {
  const row = db.prepare('SELECT * FROM checkpoint WHERE id = 1').get() as
    | { fold_version: number; max_rowid: number; count: number; last_key: string | null; equivocations: number; state: string }
    | undefined;
  if (row === undefined || row.fold_version !== FOLD_VERSION) return null;
  const text = row.state;
  return {
    state: JSON.parse(text) as WorkspaceState,
    // Parsing the kept text again is the cheapest private copy of the state.
    restore: () => JSON.parse(text) as WorkspaceState,
    lastKey: row.last_key === null ? null : (JSON.parse(row.last_key) as OrderKey),
    count: row.count,
    maxRowid: row.max_rowid,
    equivocations: row.equivocations,
  };
}
