import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { OrderKeySchema } from '../../shared/api';
import type { OrderKey } from '../../shared/journal';
import { FOLD_VERSION, KEYED_SECTIONS, TOP, putOwn, stateItems, type ItemChanges, type ProjectionCheckpoint, type WorkspaceState } from '../../shared/state';
import { dropEarlier, earlierCheckpoints, keepAsEarlier } from './checkpointHistory';

// The persisted projection makes cold start independent of journal length:
// open loads it and folds only the rows stored after it. It is kept as one
// row per item of the state (projection_rows), so a checkpoint writes only
// the items changed since the previous one (Projector.takeChanges), plus the
// head row: the folded rowid, order key, count and state hash sum. What the
// rows replace goes to the undo rows of an earlier checkpoint
// (checkpointHistory.ts), for rewinds soon after opening.

export interface StoredCheckpoint extends ProjectionCheckpoint {
  sum: string;
  maxRowid: number;
  equivocations: number;
}

/** The head row this process read or wrote last: an incremental write is only right on top of exactly that. */
export interface CheckpointHead {
  maxRowid: number;
  sum: string;
}

const HeadRow = z.object({
  fold_version: z.number(),
  max_rowid: z.number(),
  count: z.number(),
  last_key: z.string().nullable(),
  equivocations: z.number(),
  state_sum: z.string(),
});
type HeadRow = z.infer<typeof HeadRow>;

function parseOrderKey(text: string | null): OrderKey | null {
  return text === null ? null : OrderKeySchema.parse(JSON.parse(text));
}

function readHead(db: Database): HeadRow | null {
  const row: unknown = db.prepare('SELECT * FROM checkpoint WHERE id = 1').get();
  return row === undefined ? null : HeadRow.parse(row);
}

/** Whether the database holds checkpoints in this format (a read-only open does not migrate an older journal). */
function hasRows(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'projection_rows'").get() !== undefined;
}

export interface CheckpointWrite {
  view: Readonly<ProjectionCheckpoint> & { sum: string };
  changes: ItemChanges;
  maxRowid: number;
  equivocations: number;
  /** The head this process last read or wrote; null: none (write everything). */
  expected: CheckpointHead | null;
}

/**
 * Persist the projection. Writes only the changed items when the stored head
 * is the one this process knows (another process, the CLI beside the app,
 * may have written its own since); otherwise every item. Returns the new head.
 */
export function saveCheckpoint(db: Database, w: CheckpointWrite): CheckpointHead {
  const lastKey = w.view.lastKey === null ? null : JSON.stringify(w.view.lastKey);
  db.transaction(() => {
    const head = readHead(db);
    const changes = w.changes;
    const onTop = head !== null && head.fold_version === FOLD_VERSION && head.max_rowid === w.expected?.maxRowid && head.state_sum === w.expected.sum;
    if (onTop && !changes.all) {
      if (head.max_rowid < w.maxRowid) keepAsEarlier(db, head, changes.items);
      writeItems(db, changes.items);
    } else {
      dropEarlier(db);
      db.prepare('DELETE FROM projection_rows').run();
      writeItems(db, stateItems(w.view.state));
    }
    db.prepare(
      `INSERT INTO checkpoint (id, fold_version, max_rowid, count, last_key, equivocations, state_sum)
       VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET fold_version = excluded.fold_version, max_rowid = excluded.max_rowid,
         count = excluded.count, last_key = excluded.last_key, equivocations = excluded.equivocations, state_sum = excluded.state_sum`,
    ).run(FOLD_VERSION, w.maxRowid, w.view.count, lastKey, w.equivocations, w.view.sum);
  })();
  return { maxRowid: w.maxRowid, sum: w.view.sum };
}

function writeItems(db: Database, items: Iterable<readonly [string, string, string | null]>): void {
  const put = db.prepare('INSERT OR REPLACE INTO projection_rows (section, key, value) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM projection_rows WHERE section = ? AND key = ?');
  for (const [section, key, json] of items) {
    if (json === null) remove.run(section, key);
    else put.run(section, key, json);
  }
}

/** The saved projection, or null if there is none or it was made by another fold version. */
export function loadCheckpoint(db: Database): StoredCheckpoint | null {
  if (!hasRows(db)) return null;
  const head = readHead(db);
  if (head === null || head.fold_version !== FOLD_VERSION) return null;
  const lastKey = parseOrderKey(head.last_key);
  return {
    state: readState(db),
    sum: head.state_sum,
    earlier: lastKey === null ? [] : earlierCheckpoints(db, head.max_rowid, lastKey),
    lastKey,
    count: head.count,
    maxRowid: head.max_rowid,
    equivocations: head.equivocations,
  };
}

/** The state the rows hold: sections from their presence rows, then their records. */
function readState(db: Database): WorkspaceState {
  const state: Record<string, unknown> = {};
  let section = '';
  let record: Record<string, unknown> = state;
  // Rows come in (section, key) order: the top-level ('') ones first, so every section exists before its records.
  for (const row of db.prepare('SELECT section, key, value FROM projection_rows ORDER BY section, key').raw().iterate()) {
    const [s, key, value] = row as [string, string, string];
    if (s === TOP) {
      putOwn(state, key, KEYED_SECTIONS.has(key) ? {} : JSON.parse(value));
      continue;
    }
    if (s !== section) {
      section = s;
      record = (state[s] ??= {}) as Record<string, unknown>;
    }
    putOwn(record, key, JSON.parse(value));
  }
  return state as unknown as WorkspaceState;
}
