import type { Database, Statement } from 'better-sqlite3';
import type { JsonValue } from '../../shared/canonical';
import { canonicalJson } from '../../shared/canonical';
import { checkSkew, compareHlc, HLC_ZERO, observeHlc, tickHlc, type Hlc } from '../../shared/clock';
import type { Clock } from '../../shared/clock';
import type { CryptoSuite, Entry, Header, Signer, WireEntry, OrderKey } from '../../shared/journal';
import { JournalVerifyError, checkEntryExceptSignature, completeEntry, finishVerify, prepareEntry, type PreparedEntry } from '../../shared/journal';
import { REDACTABLE_KINDS } from '../../shared/entries';
import type { EntrySource } from '../../shared/state';
import { EntryRejectedError } from './errors';
import { openDatabase } from './openDatabase';

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

export interface Equivocation {
  author: string;
  seq: number;
  stored: string;
  conflicting: string;
}

/** Entries planned for appending, awaiting signatures. */
export interface AppendPlan {
  author: string;
  baseSeq: number;
  basePrev: string | null;
  prepared: PreparedEntry[];
}

/** The journal changed between planning and committing an append; plan again. */
export class StaleAppendError extends Error {
  constructor() {
    super('the journal changed while the entries were being signed');
    this.name = 'StaleAppendError';
  }
}

/** The last entry of an author's chain, as far as an import needs it. */
interface ChainLink {
  id: string;
  seq: number;
  hlc: Hlc;
}

export interface ImportResult {
  stored: Entry[];
  duplicates: number;
  equivocations: Equivocation[];
  refused: { id: string; author: string; seq: number; reason: string }[];
}

/**
 * The append-only journal in SQLite (WAL, synchronous=FULL). Every method
 * that stores returns only after its transaction has committed, so a
 * returned entry is durable.
 */
export class JournalStore implements EntrySource {
  private readonly stmts: Record<string, Statement>;
  private hlc: Hlc;

  private constructor(
    readonly db: Database,
    readonly file: string,
    private readonly crypto: CryptoSuite,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.stmts = {
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
    const top = this.stmts.maxHlc!.get() as { wall: number; count: number } | undefined;
    this.hlc = top ? { wall: top.wall, count: top.count } : HLC_ZERO;
  }

  static open(file: string, crypto: CryptoSuite, opts: { create: boolean; readonly?: boolean }): JournalStore {
    return new JournalStore(openDatabase(file, opts), file, crypto);
  }

  close(): void {
    this.db.close();
  }

  meta(key: string): string | null {
    const row = this.stmts.metaGet!.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmts.metaSet!.run(key, value);
  }

  /** The highest HLC this journal has seen. */
  get lastHlc(): Hlc {
    return this.hlc;
  }

  /**
   * Sign and store new local entries in one transaction (group commit).
   * Returns after the commit: the entries are durable.
   */
  append(ws: string, signer: Signer, clock: Clock, items: ReadonlyArray<{ kind: string; body: JsonValue }>): Entry[] {
    return this.db.transaction(() => {
      const plan = this.planAppend(ws, signer.publicKey, clock, items);
      return this.commitPlan(
        plan,
        plan.prepared.map((p) => signer.sign(p.headerBytes)),
      );
    })();
  }

  /**
   * First half of an append: seq, prev, HLC, canonical texts and ids, but no
   * signatures, so they can be made elsewhere (other cores) meanwhile.
   */
  planAppend(ws: string, author: string, clock: Clock, items: ReadonlyArray<{ kind: string; body: JsonValue }>): AppendPlan {
    // Another process may have appended since we last looked: never issue an HLC below its.
    const top = this.stmts.maxHlc!.get() as { wall: number; count: number } | undefined;
    if (top) this.hlc = observeHlc(this.hlc, top);
    const head = this.stmts.head!.get(author) as { id: string; seq: number } | undefined;
    const plan: AppendPlan = { author, baseSeq: head?.seq ?? 0, basePrev: head?.id ?? null, prepared: [] };
    let seq = plan.baseSeq;
    let prev = plan.basePrev;
    for (const item of items) {
      this.hlc = tickHlc(this.hlc, clock.now());
      const p = prepareEntry(this.crypto, author, { ws, seq: seq + 1, prev, hlc: this.hlc, kind: item.kind }, item.body);
      plan.prepared.push(p);
      seq = p.header.seq;
      prev = p.id;
    }
    return plan;
  }

  /**
   * Second half: store the planned entries with their signatures, unless the
   * journal moved on meanwhile (another append by this author, or an entry
   * with a later HLC), in which case StaleAppendError asks for a new plan.
   */
  commitPlan(plan: AppendPlan, signatures: readonly Uint8Array[]): Entry[] {
    return this.db.transaction(() => {
      const head = this.stmts.head!.get(plan.author) as { id: string; seq: number } | undefined;
      const first = plan.prepared[0];
      const top = this.stmts.maxHlc!.get() as { wall: number; count: number } | undefined;
      if ((head?.seq ?? 0) !== plan.baseSeq || (head?.id ?? null) !== plan.basePrev || (first && top && compareHlc(top, first.header.hlc) >= 0)) {
        throw new StaleAppendError();
      }
      return plan.prepared.map((p, i) => {
        const signed = completeEntry(p, signatures[i]!);
        this.insert(signed.entry, signed);
        return signed.entry;
      });
    })();
  }

  /**
   * Verify and store entries from elsewhere (another peer, an export).
   * Entries already held are skipped (idempotent); a refused entry does not
   * stop the others and leaves nothing behind.
   */
  import(ws: string, clock: Clock, wires: readonly WireEntry[]): ImportResult {
    const result: ImportResult = { stored: [], duplicates: 0, equivocations: [], refused: [] };
    const verified: { entry: Entry; headerText: string }[] = [];
    for (const wire of wires) {
      try {
        if (wire.header.ws !== ws) throw new JournalVerifyError(`entry belongs to workspace ${wire.header.ws}, not ${ws}`);
        const skew = checkSkew(wire.header.hlc, clock.now());
        if (skew !== null) throw new JournalVerifyError(skew);
        // verifyEntry, keeping the canonical header bytes the signature covers: they are the stored text.
        const checked = checkEntryExceptSignature(this.crypto, wire);
        const entry = finishVerify(checked, this.crypto.verify(wire.header.author, checked.headerBytes, checked.signature));
        verified.push({
          entry,
          headerText: Buffer.from(checked.headerBytes.buffer, checked.headerBytes.byteOffset, checked.headerBytes.byteLength).toString('utf8'),
        });
      } catch (err) {
        result.refused.push({ id: wire.id, author: wire.header.author, seq: wire.header.seq, reason: (err as Error).message });
      }
    }
    // An export lists a redacted entry before the redaction that explains it.
    const offered = new Set(verified.filter((v) => v.entry.header.kind === 'journal.redact').map((v) => v.entry.id));
    // Each chain's head, looked up once per import and then followed in memory: a catch-up
    // extends a few chains by many entries, and those need no lookup of their own.
    const heads = new Map<string, ChainLink | null>();
    const headOf = (author: string): ChainLink | null => {
      let head = heads.get(author);
      if (head === undefined) heads.set(author, (head = linkOf(this.stmts.headLink!.get(author))));
      return head;
    };
    this.db.transaction(() => {
      for (const { entry, headerText } of verified) {
        const { author, seq } = entry.header;
        const head = headOf(author);
        // Chains are stored without gaps: an entry past the head is neither held already nor a clash.
        if (head === null || seq > head.seq) {
          const reason = this.chainProblem(entry, head !== null && head.seq === seq - 1 ? head : null, offered);
          if (reason !== null) {
            result.refused.push({ id: entry.id, author, seq, reason });
            continue;
          }
          this.insert(entry, { headerText });
          heads.set(author, { id: entry.id, seq, hlc: entry.header.hlc });
          this.hlc = observeHlc(this.hlc, entry.header.hlc);
          result.stored.push(entry);
          continue;
        }
        if (this.stmts.byId!.get(entry.id) !== undefined) {
          result.duplicates += 1;
          continue;
        }
        const clash = this.stmts.byAuthorSeq!.get(author, seq) as StoredRow | undefined;
        if (clash !== undefined) {
          this.stmts.equivocationInsert!.run(entry.id, author, seq, headerText, entry.sig, bodyText(entry), clash.id);
          result.equivocations.push({ author, seq, stored: clash.id, conflicting: entry.id });
          continue;
        }
        // Not reached while chains have no gaps; checked all the same.
        const reason = this.chainProblem(entry, linkOf(this.stmts.link!.get(author, seq - 1)), offered) ?? 'no entry at this seq, though later ones are held';
        result.refused.push({ id: entry.id, author, seq, reason });
      }
    })();
    return result;
  }

  /** Like import() for a single entry, but throws when it is refused. */
  importOne(ws: string, clock: Clock, wire: WireEntry): Entry | null {
    const r = this.import(ws, clock, [wire]);
    const refused = r.refused[0];
    if (refused) throw new EntryRejectedError(refused.reason, refused);
    return r.stored[0] ?? null;
  }

  /** Why `entry` cannot follow `before` (its author's entry at seq - 1, null if not held), or null. */
  private chainProblem(entry: Entry, before: ChainLink | null, offered: ReadonlySet<string>): string | null {
    const { seq, prev } = entry.header;
    if (entry.redactedBy !== null) {
      if (!REDACTABLE_KINDS.includes(entry.header.kind)) return `${entry.header.kind} entries cannot be redacted`;
      if (!offered.has(entry.redactedBy) && this.stmts.byId!.get(entry.redactedBy) === undefined) {
        return `body is redacted by ${entry.redactedBy}, which this journal does not hold`;
      }
    }
    if (seq === 1) return null;
    if (before === null) return `gap: seq ${seq - 1} of this author is missing`;
    if (before.id !== prev) return `broken chain: prev ${prev} but seq ${seq - 1} is ${before.id}`;
    if (compareHlc(entry.header.hlc, before.hlc) <= 0) return 'hlc does not increase along the chain';
    return null;
  }

  private insert(entry: Entry, texts?: { headerText: string; bodyText?: string }): void {
    this.stmts.insert!.run({
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

  /**
   * Delete a redactable entry's body for good, keeping its header and
   * signature. Called only for redactions the fold accepted. True if a body
   * was deleted.
   */
  tombstone(target: string, redaction: string): boolean {
    return this.stmts.tombstone!.run(redaction, target).changes > 0;
  }

  get(id: string): Entry | null {
    const row = this.stmts.byId!.get(id) as StoredRow | undefined;
    return row ? rowToEntry(row) : null;
  }

  head(author: string): { id: string; seq: number } | null {
    return (this.stmts.head!.get(author) as { id: string; seq: number } | undefined) ?? null;
  }

  count(): number {
    return (this.stmts.count!.get() as { n: number }).n;
  }

  maxRowid(): number {
    return (this.stmts.maxRowid!.get() as { n: number }).n;
  }

  /** author -> highest seq held; chains are stored without gaps, so this is also the highest contiguous seq. */
  versionVector(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.stmts.vector!.all() as { author: string; seq: number }[]) out[row.author] = row.seq;
    return out;
  }

  *entriesAfter(key: OrderKey | null): Iterable<Entry> {
    const rows = key === null ? this.stmts.all!.iterate() : this.stmts.after!.iterate(key);
    for (const row of rows as Iterable<StoredRow>) yield rowToEntry(row);
  }

  *entriesByAuthor(author: string, fromSeq: number, toSeq: number): Iterable<Entry> {
    for (const row of this.stmts.byAuthor!.iterate(author, fromSeq, toSeq) as Iterable<StoredRow>) yield rowToEntry(row);
  }

  *entriesAfterRowid(rowid: number): Iterable<Entry & { rowid: number }> {
    for (const row of this.stmts.afterRowid!.iterate(rowid) as Iterable<StoredRow>) yield { ...rowToEntry(row), rowid: row.rowid };
  }

  equivocations(): Equivocation[] {
    return (this.stmts.equivocations!.all() as { author: string; seq: number; id: string; conflicts_with: string }[]).map((r) => ({
      author: r.author,
      seq: r.seq,
      stored: r.conflicts_with,
      conflicting: r.id,
    }));
  }
}

function linkOf(row: unknown): ChainLink | null {
  const r = row as { id: string; seq: number; wall: number; count: number } | undefined;
  return r === undefined ? null : { id: r.id, seq: r.seq, hlc: { wall: r.wall, count: r.count } };
}

function bodyText(entry: Entry): string | null {
  return entry.body === null ? null : canonicalJson(entry.body);
}
