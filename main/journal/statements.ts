import type { Database, Statement } from 'better-sqlite3';
import type { JsonValue } from '../../shared/canonical';
import { canonicalJson } from '../../shared/canonical';
import type { Hlc } from '../../shared/clock';
import type { Entry, Header } from '../../shared/journal';
import { REDACTABLE_KINDS } from '../../shared/entries';

// The SQL of the entries table, prepared once per connection and shared by
// the store's append, import and read paths (store.ts, importEntries.ts).

/** A row of the entries table as the store reads it. */
export interface StoredRow {
  rowid: number;
  id: string;
  header: string;
  sig: string;
  body: string | null;
  redacted_by: string | null;
}

export function rowToEntry(row: StoredRow): Entry {
  return {
    id: row.id,
    header: JSON.parse(row.header) as Header,
    sig: row.sig,
    body: row.body === null ? null : (JSON.parse(row.body) as JsonValue),
    redactedBy: row.redacted_by,
  };
}

/** The last entry of an author's chain, as far as an import needs it. */
export interface ChainLink {
  id: string;
  seq: number;
  hlc: Hlc;
}

export function linkOf(row: unknown): ChainLink | null {
  const r = row as { id: string; seq: number; wall: number; count: number } | undefined;
  return r === undefined ? null : { id: r.id, seq: r.seq, hlc: { wall: r.wall, count: r.count } };
}

export function bodyText(entry: Entry): string | null {
  return entry.body === null ? null : canonicalJson(entry.body);
}

export type JournalStatements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    insert: p(`INSERT INTO entries (id, author, seq, wall, count, kind, header, sig, body, redacted_by)
                 VALUES (@id, @author, @seq, @wall, @count, @kind, @header, @sig, @body, @redacted_by)`),
    byId: p('SELECT rowid, id, header, sig, body, redacted_by FROM entries WHERE id = ?'),
    byAuthorSeq: p('SELECT rowid, id, header, sig, body, redacted_by FROM entries WHERE author = ? AND seq = ?'),
    head: p('SELECT id, seq FROM entries WHERE author = ? ORDER BY seq DESC LIMIT 1'),
    headLink: p('SELECT id, seq, wall, count FROM entries WHERE author = ? ORDER BY seq DESC LIMIT 1'),
    link: p('SELECT id, seq, wall, count FROM entries WHERE author = ? AND seq = ?'),
    maxHlc: p('SELECT wall, count FROM entries ORDER BY wall DESC, count DESC LIMIT 1'),
    all: p('SELECT rowid, id, header, sig, body, redacted_by FROM entries ORDER BY wall, count, author, seq'),
    after: p(`SELECT rowid, id, header, sig, body, redacted_by FROM entries
                WHERE (wall, count, author, seq) > (@wall, @count, @author, @seq) ORDER BY wall, count, author, seq`),
    byAuthor: p('SELECT rowid, id, header, sig, body, redacted_by FROM entries WHERE author = ? AND seq BETWEEN ? AND ? ORDER BY seq'),
    afterRowid: p('SELECT rowid, id, header, sig, body, redacted_by FROM entries WHERE rowid > ? ORDER BY rowid'),
    vector: p('SELECT author, MAX(seq) AS seq FROM entries GROUP BY author'),
    count: p('SELECT count(*) AS n FROM entries'),
    maxRowid: p('SELECT COALESCE(MAX(rowid), 0) AS n FROM entries'),
    equivocationInsert: p(`INSERT OR IGNORE INTO equivocations (id, author, seq, header, sig, body, conflicts_with)
                             VALUES (?, ?, ?, ?, ?, ?, ?)`),
    equivocations: p('SELECT author, seq, id, conflicts_with FROM equivocations ORDER BY author, seq'),
    tombstone: p(`UPDATE entries SET body = NULL, redacted_by = ? WHERE id = ? AND redacted_by IS NULL
                     AND kind IN (${REDACTABLE_KINDS.map((k) => `'${k}'`).join(', ')})`),
    metaGet: p('SELECT value FROM meta WHERE key = ?'),
    metaSet: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
}

/** Store one verified entry; `texts` are the exact canonical texts when the caller already has them. */
export function insertEntry(stmts: JournalStatements, entry: Entry, texts?: { headerText: string; bodyText?: string }): void {
  stmts.insert.run({
    id: entry.id,
    author: entry.header.author,
    seq: entry.header.seq,
    wall: entry.header.hlc.wall,
    count: entry.header.hlc.count,
    kind: entry.header.kind,
    header: texts?.headerText ?? canonicalJson(entry.header),
    sig: entry.sig,
    body: entry.redactedBy === null ? (texts?.bodyText ?? bodyText(entry)) : null,
    redacted_by: entry.redactedBy,
  });
}
