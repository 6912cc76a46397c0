import type { Database, Statement } from 'better-sqlite3';
import type { TimelineEntry } from '../../shared/api';
import type { WorkspaceState } from '../../shared/state';
import { rowToEntry, type StoredRow } from '../journal';
import { toTimelineEntry } from '../workspace';

// Paging the journal in total order, newest last, straight from SQLite so a
// page costs O(limit) however long the journal is. The SQL reads the
// `entries` table of main/journal (order index: wall, count, author, seq);
// it belongs in JournalStore once that grows a filtered page query.

export interface PageQuery {
  before?: string | undefined;
  limit: number;
  kinds?: string[] | undefined;
  author?: string | undefined;
}

export class UnknownEntryError extends Error {
  constructor(readonly id: string) {
    super(`before: no entry with id ${JSON.stringify(id)} in this journal`);
    this.name = 'UnknownEntryError';
  }
}

const statements = new WeakMap<Database, Map<string, Statement>>();

function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (cache === undefined) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

function filters(q: PageQuery): { where: string[]; args: Record<string, string> } {
  const where: string[] = [];
  const args: Record<string, string> = {};
  if (q.kinds !== undefined) {
    // One JSON parameter, so any number of kinds stays under SQLite's variable limit.
    where.push('kind IN (SELECT value FROM json_each(@kinds))');
    args.kinds = JSON.stringify(q.kinds);
  }
  if (q.author !== undefined) {
    where.push('author = @author');
    args.author = q.author;
  }
  return { where, args };
}

/** One page of the journal; `total` counts every entry that matches the filters. */
export function journalPage(db: Database, state: Readonly<WorkspaceState>, q: PageQuery): { entries: TimelineEntry[]; total: number } {
  const read = db.transaction(() => {
    const { where, args } = filters(q);
    const clause = (extra: string[]) => (extra.length === 0 ? '' : `WHERE ${extra.join(' AND ')}`);
    const total = (prepared(db, `SELECT count(*) AS n FROM entries ${clause(where)}`).get(args) as { n: number }).n;
    const pageWhere = [...where];
    const pageArgs: Record<string, string | number> = { ...args, limit: q.limit };
    if (q.before !== undefined) {
      const anchor = prepared(db, 'SELECT wall, count, author, seq FROM entries WHERE id = ?').get(q.before) as
        { wall: number; count: number; author: string; seq: number } | undefined;
      if (anchor === undefined) throw new UnknownEntryError(q.before);
      pageWhere.push('(wall, count, author, seq) < (@bWall, @bCount, @bAuthor, @bSeq)');
      Object.assign(pageArgs, { bWall: anchor.wall, bCount: anchor.count, bAuthor: anchor.author, bSeq: anchor.seq });
    }
    const sql = `SELECT rowid, id, header, sig, body, redacted_by FROM entries ${clause(pageWhere)}
                 ORDER BY wall DESC, count DESC, author DESC, seq DESC LIMIT @limit`;
    const rows = prepared(db, sql).all(pageArgs) as StoredRow[];
    return { rows, total };
  });
  const { rows, total } = read();
  const entries = rows.reverse().map((row) => toTimelineEntry(state, rowToEntry(row)));
  return { entries, total };
}
