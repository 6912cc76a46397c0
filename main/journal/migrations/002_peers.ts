import type { Database } from 'better-sqlite3';

// The peers this copy of the workspace syncs with, and what the running host
// last saw of each. Local to this device (never synced, never journaled): it
// is where the CLI and `commandpost serve` meet, so `peer add` takes effect
// in a running host and `peer list` shows that host's live status. Kept in
// the journal file because both already open it, and SQLite's locking makes
// their concurrent writes safe.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE peers (
      url TEXT PRIMARY KEY,
      insecure INTEGER NOT NULL DEFAULT 0,
      added_at INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'new',
      reason TEXT,
      device TEXT,
      last_seen INTEGER,
      we_lack INTEGER,
      they_lack INTEGER,
      updated_at INTEGER
    ) STRICT;
  `);
}
