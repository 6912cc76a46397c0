import type { Database } from 'better-sqlite3';

// How far each author's chain is known to be in a federation stream
// (published by this relay and acknowledged, or received from it): a
// restarted relay publishes from here, so an entry whose publish failed
// before a crash is published again even if later ones made it. The
// cursor holds for one incarnation of the stream (its creation time): a
// stream recreated after its store was lost makes the relay publish all again.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE federation_cursor (
      stream TEXT NOT NULL,
      author TEXT NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (stream, author)
    ) STRICT;
    CREATE TABLE federation_stream (
      stream TEXT PRIMARY KEY,
      created TEXT NOT NULL
    ) STRICT;
  `);
}
