import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { OrderKeySchema } from '../../shared/api';
import { compareOrder, type OrderKey } from '../../shared/journal';
import { itemId, type EarlierProjection, type ItemJson } from '../../shared/state';

// Earlier checkpoints, for late arrivals soon after opening: entries that
// sort before this device's newest ones rewind the projection to a boundary
// before them, and a freshly opened workspace has no undo log in memory yet.
// An earlier checkpoint is kept as undo rows: for every item a later
// checkpoint rewrote, the value it had at the earlier one (NULL: absent).
// Going back to generation g puts back the undo rows of every generation
// from the newest down to g, older ones winning (the in-memory UndoLog does
// the same with its segments). Generations closer together than
// HISTORY_MIN_GAP rows merge (the older value of an item is kept), so a CLI
// that opens, appends one entry and closes does not fill the history.

/** Earlier checkpoints kept. */
const HISTORY_KEEP = 3;
/** The fewest rows between two kept earlier checkpoints. */
const HISTORY_MIN_GAP = 1_000;

interface Head {
  max_rowid: number;
  count: number;
  last_key: string | null;
  equivocations: number;
  state_sum: string;
}

const EarlierRow = z.object({ generation: z.number(), count: z.number(), last_key: z.string(), equivocations: z.number(), state_sum: z.string() });

/**
 * The head checkpoint is about to be overwritten by a newer one that changes
 * `items`: keep the values they have now, as undo rows of the head (or of the
 * newest earlier checkpoint, if the head is too close to it to be kept).
 */
export function keepAsEarlier(db: Database, head: Head, items: ReadonlyArray<readonly [string, string, ItemJson]>): void {
  if (head.last_key === null) return;
  const newest = (db.prepare('SELECT MAX(generation) AS g FROM projection_earlier').get() as { g: number | null }).g;
  let generation: number;
  if (newest !== null && newest >= head.max_rowid) {
    // Not a history of this head (written before it was rewritten in full): start again.
    dropEarlier(db);
    return;
  }
  if (newest === null || head.max_rowid >= newest + HISTORY_MIN_GAP) {
    db.prepare('INSERT INTO projection_earlier (generation, count, last_key, equivocations, state_sum) VALUES (?, ?, ?, ?, ?)').run(
      head.max_rowid,
      head.count,
      head.last_key,
      head.equivocations,
      head.state_sum,
    );
    generation = head.max_rowid;
    db.prepare('DELETE FROM projection_earlier WHERE generation NOT IN (SELECT generation FROM projection_earlier ORDER BY generation DESC LIMIT ?)').run(
      HISTORY_KEEP,
    );
    db.prepare('DELETE FROM projection_undo WHERE generation < (SELECT MIN(generation) FROM projection_earlier)').run();
  } else {
    generation = newest;
  }
  // The row's value before this write (SQLite copies it; it never enters JS). OR IGNORE: an older value of the item wins.
  const keep = db.prepare(
    `INSERT OR IGNORE INTO projection_undo (generation, section, key, value)
     VALUES (@generation, @section, @key, (SELECT value FROM projection_rows WHERE section = @section AND key = @key))`,
  );
  for (const [section, key] of items) keep.run({ generation, section, key });
}

export function dropEarlier(db: Database): void {
  db.prepare('DELETE FROM projection_undo').run();
  db.prepare('DELETE FROM projection_earlier').run();
}

/**
 * The earlier checkpoints before the head, oldest first. Only their head rows
 * are read here (cold start must not pay for them); their undo rows are read,
 * and their validity checked, when a rewind reaches them.
 */
export function earlierCheckpoints(db: Database, headRowid: number, headKey: OrderKey): EarlierProjection[] {
  const rows = db
    .prepare('SELECT * FROM projection_earlier WHERE generation < ? ORDER BY generation')
    .all(headRowid)
    .map((r) => EarlierRow.parse(r));
  const out: EarlierProjection[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const lastKey = OrderKeySchema.parse(JSON.parse(r.last_key));
    const next = i + 1 < rows.length ? OrderKeySchema.parse(JSON.parse(rows[i + 1]!.last_key)) : headKey;
    // Boundaries must rise strictly in order; one that does not is passed through but never stopped at.
    const ordered = compareOrder(lastKey, next) < 0;
    out.push({
      lastKey,
      count: r.count,
      sum: r.state_sum,
      undo: () => undoRows(db, r.generation),
      usable: () => ordered && stillExact(db, r.generation, r.equivocations, lastKey),
    });
  }
  return out;
}

function undoRows(db: Database, generation: number): Map<string, ItemJson> {
  const out = new Map<string, ItemJson>();
  for (const row of db.prepare('SELECT section, key, value FROM projection_undo WHERE generation = ?').raw().iterate(generation)) {
    const [section, key, value] = row as [string, string, string | null];
    out.set(itemId(section, key), value);
  }
  return out;
}

/**
 * Whether an earlier checkpoint is still the fold of exactly the entries up
 * to its key: not if entries stored after it sort before that key (a late
 * arrival), nor if equivocation evidence arrived since.
 */
function stillExact(db: Database, maxRowid: number, equivocations: number, lastKey: OrderKey): boolean {
  const evidence = (db.prepare('SELECT count(*) AS n FROM equivocations').get() as { n: number }).n;
  if (equivocations !== evidence) return false;
  const late = db
    .prepare('SELECT 1 FROM entries WHERE rowid > @rowid AND (wall, count, author, seq) <= (@wall, @count, @author, @seq) LIMIT 1')
    .get({ rowid: maxRowid, ...lastKey });
  return late === undefined;
}
