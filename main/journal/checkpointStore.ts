import type { Database } from 'better-sqlite3';
import { compareOrder, type OrderKey } from '../../shared/journal';
import { FOLD_VERSION, type EarlierProjection, type ProjectionCheckpoint, type WorkspaceState } from '../../shared/state';

// The persisted projection makes cold start independent of journal length:
// open loads it and folds only the rows stored after it. A few earlier ones
// are kept too (checkpoint_history), so that entries arriving late, sorting
// before this device's newest ones, rewind to one of them, not to genesis.

export interface StoredCheckpoint extends ProjectionCheckpoint {
  maxRowid: number;
  equivocations: number;
}

/** Earlier checkpoints kept. */
const HISTORY_KEEP = 3;
/**
 * The fewest rows between two kept checkpoints: a CLI that opens, appends
 * one entry and closes checkpoints each time, and must not fill the history
 * with copies of the tail.
 */
const HISTORY_MIN_GAP = 1_000;

export function saveCheckpoint(db: Database, cp: ProjectionCheckpoint, maxRowid: number, equivocations: number): void {
  db.transaction(() => {
    if (hasHistoryTable(db)) keepAsEarlier(db, maxRowid);
    db.prepare(
      `INSERT INTO checkpoint (id, fold_version, max_rowid, count, last_key, equivocations, state)
       VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET fold_version = excluded.fold_version, max_rowid = excluded.max_rowid,
         count = excluded.count, last_key = excluded.last_key, equivocations = excluded.equivocations, state = excluded.state`,
    ).run(FOLD_VERSION, maxRowid, cp.count, cp.lastKey === null ? null : JSON.stringify(cp.lastKey), equivocations, JSON.stringify(cp.state));
  })();
}

/** Move the checkpoint about to be replaced into the history (SQLite copies the text; it never enters JS), keeping the newest few. */
function keepAsEarlier(db: Database, maxRowid: number): void {
  const newest = (db.prepare('SELECT COALESCE(MAX(max_rowid), 0) AS n FROM checkpoint_history').get() as { n: number }).n;
  db.prepare(
    `INSERT OR REPLACE INTO checkpoint_history (max_rowid, fold_version, count, last_key, equivocations, state)
     SELECT max_rowid, fold_version, count, last_key, equivocations, state FROM checkpoint
     WHERE id = 1 AND fold_version = ? AND max_rowid < ? AND max_rowid >= ?`,
  ).run(FOLD_VERSION, maxRowid, newest + HISTORY_MIN_GAP);
  db.prepare(
    `DELETE FROM checkpoint_history WHERE fold_version <> ? OR max_rowid NOT IN
       (SELECT max_rowid FROM checkpoint_history WHERE fold_version = ? ORDER BY max_rowid DESC LIMIT ?)`,
  ).run(FOLD_VERSION, FOLD_VERSION, HISTORY_KEEP);
}

/** The saved projection, or null if there is none or it was made by another fold version. */
export function loadCheckpoint(db: Database): StoredCheckpoint | null {
  const row = db.prepare('SELECT * FROM checkpoint WHERE id = 1').get() as
    { fold_version: number; max_rowid: number; count: number; last_key: string | null; equivocations: number; state: string } | undefined;
  if (row === undefined || row.fold_version !== FOLD_VERSION) return null;
  const text = row.state;
  const lastKey = row.last_key === null ? null : (JSON.parse(row.last_key) as OrderKey);
  return {
    state: JSON.parse(text) as WorkspaceState,
    // Parsing the kept text again is the cheapest private copy of the state.
    restore: () => JSON.parse(text) as WorkspaceState,
    earlier: earlierCheckpoints(db, lastKey),
    lastKey,
    count: row.count,
    maxRowid: row.max_rowid,
    equivocations: row.equivocations,
  };
}

/**
 * The kept earlier checkpoints before `before`, oldest first. Only their keys
 * are read here (cold start must not pay for them); a state is read, and
 * checked still valid, when a rewind asks for it.
 */
function earlierCheckpoints(db: Database, before: OrderKey | null): EarlierProjection[] {
  if (before === null || !hasHistoryTable(db)) return [];
  const rows = db
    .prepare('SELECT max_rowid, count, last_key FROM checkpoint_history WHERE fold_version = ? AND last_key IS NOT NULL ORDER BY max_rowid')
    .all(FOLD_VERSION) as { max_rowid: number; count: number; last_key: string }[];
  const out: EarlierProjection[] = [];
  let previous: OrderKey | null = null;
  for (const r of rows) {
    const lastKey = JSON.parse(r.last_key) as OrderKey;
    // Snapshots must rise strictly in order, all before the newest checkpoint.
    if (compareOrder(lastKey, before) >= 0 || (previous !== null && compareOrder(lastKey, previous) <= 0)) continue;
    out.push({ lastKey, count: r.count, restore: () => restoreEarlier(db, r.max_rowid, lastKey) });
    previous = lastKey;
  }
  return out;
}

/**
 * An earlier checkpoint's state, if it is still the fold of exactly the
 * entries up to its key: not if entries stored after it sort before that key
 * (a late arrival), nor if equivocation evidence arrived since. null: the
 * caller looks further back.
 */
function restoreEarlier(db: Database, maxRowid: number, lastKey: OrderKey): WorkspaceState | null {
  const row = db.prepare('SELECT state, equivocations FROM checkpoint_history WHERE max_rowid = ? AND fold_version = ?').get(maxRowid, FOLD_VERSION) as
    { state: string; equivocations: number } | undefined;
  if (row === undefined) return null;
  const evidence = (db.prepare('SELECT count(*) AS n FROM equivocations').get() as { n: number }).n;
  if (row.equivocations !== evidence) return null;
  const late = db
    .prepare('SELECT 1 FROM entries WHERE rowid > @rowid AND (wall, count, author, seq) <= (@wall, @count, @author, @seq) LIMIT 1')
    .get({ rowid: maxRowid, ...lastKey });
  return late === undefined ? (JSON.parse(row.state) as WorkspaceState) : null;
}

function hasHistoryTable(db: Database): boolean {
  // A read-only open does not migrate: an older journal may lack the table.
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'checkpoint_history'").get() !== undefined;
}
