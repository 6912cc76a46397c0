import type { Database } from 'better-sqlite3';
import type { JsonValue } from '../../shared/canonical';
import { compareHlc, HLC_ZERO, observeHlc, tickHlc, type Clock, type Hlc } from '../../shared/clock';
import type { CryptoSuite, Entry, Signer, WireEntry, OrderKey } from '../../shared/journal';
import { completeEntry, prepareEntry, type PreparedEntry } from '../../shared/journal';
import type { EntrySource } from '../../shared/state';
import { EntryRejectedError } from './errors';
import { importEntries, type Equivocation, type ImportResult } from './importEntries';
import { openDatabase } from './openDatabase';
import { insertEntry, prepareStatements, rowToEntry, type JournalStatements, type StoredRow } from './statements';

export type { Equivocation, ImportResult } from './importEntries';
export { rowToEntry, type StoredRow } from './statements';

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

/**
 * The append-only journal in SQLite (WAL, synchronous=FULL). Every method
 * that stores returns only after its transaction has committed, so a
 * returned entry is durable.
 */
export class JournalStore implements EntrySource {
  private readonly stmts: JournalStatements;
  private hlc: Hlc;

  private constructor(
    readonly db: Database,
    readonly file: string,
    private readonly crypto: CryptoSuite,
  ) {
    this.stmts = prepareStatements(db);
    const top = this.stmts.maxHlc.get() as { wall: number; count: number } | undefined;
    this.hlc = top ? { wall: top.wall, count: top.count } : HLC_ZERO;
  }

  static open(file: string, crypto: CryptoSuite, opts: { create: boolean; readonly?: boolean }): JournalStore {
    return new JournalStore(openDatabase(file, opts), file, crypto);
  }

  close(): void {
    this.db.close();
  }

  meta(key: string): string | null {
    const row = this.stmts.metaGet.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmts.metaSet.run(key, value);
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
    const top = this.stmts.maxHlc.get() as { wall: number; count: number } | undefined;
    if (top) this.hlc = observeHlc(this.hlc, top);
    const head = this.stmts.head.get(author) as { id: string; seq: number } | undefined;
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
      const head = this.stmts.head.get(plan.author) as { id: string; seq: number } | undefined;
      const first = plan.prepared[0];
      const top = this.stmts.maxHlc.get() as { wall: number; count: number } | undefined;
      if ((head?.seq ?? 0) !== plan.baseSeq || (head?.id ?? null) !== plan.basePrev || (first && top && compareHlc(top, first.header.hlc) >= 0)) {
        throw new StaleAppendError();
      }
      return plan.prepared.map((p, i) => {
        const signed = completeEntry(p, signatures[i]!);
        insertEntry(this.stmts, signed.entry, signed);
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
    const target = { db: this.db, stmts: this.stmts, crypto: this.crypto, observe: (hlc: Hlc) => (this.hlc = observeHlc(this.hlc, hlc)) };
    return importEntries(target, ws, clock, wires);
  }

  /** Like import() for a single entry, but throws when it is refused. */
  importOne(ws: string, clock: Clock, wire: WireEntry): Entry | null {
    const r = this.import(ws, clock, [wire]);
    const refused = r.refused[0];
    if (refused) throw new EntryRejectedError(refused.reason, refused);
    return r.stored[0] ?? null;
  }

  /**
   * Delete a redactable entry's body for good, keeping its header and
   * signature. Called only for redactions the fold accepted. True if a body
   * was deleted.
   */
  tombstone(target: string, redaction: string): boolean {
    return this.stmts.tombstone.run(redaction, target).changes > 0;
  }

  get(id: string): Entry | null {
    const row = this.stmts.byId.get(id) as StoredRow | undefined;
    return row ? rowToEntry(row) : null;
  }

  head(author: string): { id: string; seq: number } | null {
    return (this.stmts.head.get(author) as { id: string; seq: number } | undefined) ?? null;
  }

  count(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }

  maxRowid(): number {
    return (this.stmts.maxRowid.get() as { n: number }).n;
  }

  /** author -> highest seq held; chains are stored without gaps, so this is also the highest contiguous seq. */
  versionVector(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.stmts.vector.all() as { author: string; seq: number }[]) out[row.author] = row.seq;
    return out;
  }

  *entriesAfter(key: OrderKey | null): Iterable<Entry> {
    const rows = key === null ? this.stmts.all.iterate() : this.stmts.after.iterate(key);
    for (const row of rows as Iterable<StoredRow>) yield rowToEntry(row);
  }

  *entriesByAuthor(author: string, fromSeq: number, toSeq: number): Iterable<Entry> {
    for (const row of this.stmts.byAuthor.iterate(author, fromSeq, toSeq) as Iterable<StoredRow>) yield rowToEntry(row);
  }

  *entriesAfterRowid(rowid: number): Iterable<Entry & { rowid: number }> {
    for (const row of this.stmts.afterRowid.iterate(rowid) as Iterable<StoredRow>) yield { ...rowToEntry(row), rowid: row.rowid };
  }

  equivocations(): Equivocation[] {
    return (this.stmts.equivocations.all() as { author: string; seq: number; id: string; conflicts_with: string }[]).map((r) => ({
      author: r.author,
      seq: r.seq,
      stored: r.conflicts_with,
      conflicting: r.id,
    }));
  }
}
