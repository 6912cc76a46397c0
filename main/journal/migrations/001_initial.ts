import type { Database } from 'better-sqlite3';

// Entries keep the exact canonical header text that was signed, so export and
// verification never depend on re-serialising; the other columns are indexes.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE entries (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      author TEXT NOT NULL,
      seq INTEGER NOT NULL,
      wall INTEGER NOT NULL,
      count INTEGER NOT NULL,
      kind TEXT NOT NULL,
      header TEXT NOT NULL,
      sig TEXT NOT NULL,
      body TEXT,
      redacted_by TEXT,
      UNIQUE (author, seq)
    ) STRICT;
    CREATE INDEX entries_order ON entries (wall, count, author, seq);
    CREATE TABLE equivocations (
      id TEXT PRIMARY KEY,
      author TEXT NOT NULL,
      seq INTEGER NOT NULL,
      header TEXT NOT NULL,
      sig TEXT NOT NULL,
      body TEXT,
      conflicts_with TEXT NOT NULL
    ) STRICT;
    CREATE INDEX equivocations_author ON equivocations (author, seq);
    CREATE TABLE checkpoint (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      fold_version INTEGER NOT NULL,
      max_rowid INTEGER NOT NULL,
      count INTEGER NOT NULL,
      last_key TEXT,
      equivocations INTEGER NOT NULL,
      state TEXT NOT NULL
    ) STRICT;
  `);
}
