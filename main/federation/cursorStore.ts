import type { Database } from 'better-sqlite3';

/** author -> highest seq such that the author's entries 1..seq are known to be in the stream. */
export type StreamCursor = Map<string, number>;

/** Where a relay keeps its cursor between runs. */
export interface CursorStore {
  /** The cursor for this incarnation of the stream (its creation time); empty for another one (the old positions say nothing of it). */
  load(incarnation: string): StreamCursor;
  /** Write these authors' positions (the rest stay as they are). */
  save(changed: ReadonlyMap<string, number>): void;
}

/** The cursor in the workspace's own database (migration 006), beside the journal it describes. */
export function sqliteCursorStore(db: () => Database, stream: string): CursorStore {
  return {
    load(incarnation) {
      const d = db();
      return d.transaction(() => {
        const known = d.prepare('SELECT created FROM federation_stream WHERE stream = ?').pluck().get(stream) as string | undefined;
        if (known !== incarnation) {
          d.prepare('DELETE FROM federation_cursor WHERE stream = ?').run(stream);
          d.prepare('INSERT INTO federation_stream (stream, created) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET created = excluded.created').run(
            stream,
            incarnation,
          );
          return new Map<string, number>();
        }
        const rows = d.prepare('SELECT author, seq FROM federation_cursor WHERE stream = ?').all(stream) as { author: string; seq: number }[];
        return new Map(rows.map((r) => [r.author, r.seq]));
      })();
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
  let known: string | null = null;
  return {
    load(incarnation) {
      if (incarnation !== known) saved.clear();
      known = incarnation;
      return new Map(saved);
    },
    save(changed) {
      for (const [author, seq] of changed) saved.set(author, seq);
    },
  };
}
