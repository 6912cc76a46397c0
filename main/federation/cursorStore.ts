import type { Database } from 'better-sqlite3';

/** author -> highest seq such that the author's entries 1..seq are known to be in the stream. */
export type StreamCursor = Map<string, number>;

/** Where a relay keeps its cursor between runs. */
export interface CursorStore {
  load(): StreamCursor;
  /** Write these authors' positions (the rest stay as they are). */
  save(changed: ReadonlyMap<string, number>): void;
}

/** The cursor in the workspace's own database (migration 006), beside the journal it describes. */
export function sqliteCursorStore(db: () => Database, stream: string): CursorStore {
  return {
    load() {
      const rows = db().prepare('SELECT author, seq FROM federation_cursor WHERE stream = ?').all(stream) as { author: string; seq: number }[];
      return new Map(rows.map((r) => [r.author, r.seq]));
    },
    save(changed) {
      const d = db();
      const upsert = d.prepare(
        'INSERT INTO federation_cursor (stream, author, seq) VALUES (?, ?, ?) ON CONFLICT (stream, author) DO UPDATE SET seq = excluded.seq',
      );
      d.transaction(() => {
        for (const [author, seq] of changed) upsert.run(stream, author, seq);
      })();
    },
  };
}

/** A cursor that lives as long as the process (the simulation's relays). */
export function memoryCursorStore(): CursorStore {
  const saved: StreamCursor = new Map();
  return {
    load: () => new Map(saved),
    save(changed) {
      for (const [author, seq] of changed) saved.set(author, seq);
    },
  };
}
