import type { Database } from 'better-sqlite3';

// Earlier projection checkpoints, kept when a newer one replaces them. A
// peer catching up after an outage sends entries that sort before this
// device's newest ones; folding them means rewinding to a projection from
// before them. Without an older checkpoint, a freshly opened workspace has
// only its newest one, behind those entries, and must refold the journal.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE checkpoint_history (
      max_rowid INTEGER PRIMARY KEY,
      fold_version INTEGER NOT NULL,
      count INTEGER NOT NULL,
      last_key TEXT,
      equivocations INTEGER NOT NULL,
      state TEXT NOT NULL
    ) STRICT;
  `);
}
