import type { Database } from 'better-sqlite3';

// The dispatcher's durable outbox (issue 6): one row per action this device
// executes. Local to the device (never synced, never journaled): the journal
// says what was attempted and what came of it; this table says what the
// dispatcher is doing about it now, who holds the send lease, and keeps the
// connector's undo data for a rollback (secret-free, but device business).
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE outbox (
      action_id TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('pending', 'waiting-approval', 'offline', 'sending', 'retrying', 'done', 'failed', 'unknown')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      reason TEXT,
      sending_attempt INTEGER,
      lease_owner TEXT,
      lease_until INTEGER,
      undo TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
  `);
}
