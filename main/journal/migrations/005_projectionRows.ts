import type { Database } from 'better-sqlite3';

// The projection is persisted as one row per item (shared/state/stateItems.ts)
// instead of one JSON text of the whole state, so a checkpoint writes only the
// items changed since the last one, and its cost no longer grows with the
// journal. Earlier checkpoints (for late arrivals soon after opening) become
// undo rows: the values the items had at an earlier checkpoint, for the items
// changed since. The state hash changed definition with it (FOLD_VERSION 8),
// so the old whole-state checkpoints are dropped, not converted: the first
// open after the upgrade refolds the journal once and writes the new rows,
// as after any fold-version change. Nothing of the journal itself is touched.
export function up(db: Database): void {
  db.exec(`
    DROP TABLE IF EXISTS checkpoint_history;
    DROP TABLE checkpoint;
    CREATE TABLE checkpoint (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      fold_version INTEGER NOT NULL,
      max_rowid INTEGER NOT NULL,
      count INTEGER NOT NULL,
      last_key TEXT,
      equivocations INTEGER NOT NULL,
      state_sum TEXT NOT NULL
    ) STRICT;
    CREATE TABLE projection_rows (
      section TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (section, key)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE projection_earlier (
      generation INTEGER PRIMARY KEY,
      count INTEGER NOT NULL,
      last_key TEXT NOT NULL,
      equivocations INTEGER NOT NULL,
      state_sum TEXT NOT NULL
    ) STRICT;
    CREATE TABLE projection_undo (
      generation INTEGER NOT NULL,
      section TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT,
      PRIMARY KEY (generation, section, key)
    ) STRICT, WITHOUT ROWID;
  `);
}
