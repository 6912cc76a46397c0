import type { Database } from 'better-sqlite3';
import { checkSkew, compareHlc, type Clock, type Hlc } from '../../shared/clock';
import type { CryptoSuite, Entry, WireEntry } from '../../shared/journal';
import { JournalVerifyError, checkEntryExceptSignature, finishVerify } from '../../shared/journal';
import { REDACTABLE_KINDS } from '../../shared/entries';
import { bodyText, insertEntry, linkOf, type ChainLink, type JournalStatements, type StoredRow } from './statements';

// The import half of the journal store: entries from another peer or an
// export are verified (signature, workspace, clock skew) before the write
// lock is taken, then stored chain by chain in one transaction. Kept apart
// from store.ts, whose append path signs its own entries and needs none of this.

export interface Equivocation {
  author: string;
  seq: number;
  stored: string;
  conflicting: string;
}

export interface ImportResult {
  stored: Entry[];
  duplicates: number;
  equivocations: Equivocation[];
  refused: { id: string; author: string; seq: number; reason: string }[];
}

export interface ImportTarget {
  db: Database;
  stmts: JournalStatements;
  crypto: CryptoSuite;
  /** Called with each stored entry's HLC, so the store never issues a lower one. */
  observe(hlc: Hlc): void;
}

/**
 * Verify and store entries from elsewhere. Entries already held are skipped
 * (idempotent); a refused entry does not stop the others and leaves nothing behind.
 */
export function importEntries(target: ImportTarget, ws: string, clock: Clock, wires: readonly WireEntry[]): ImportResult {
  const { stmts } = target;
  const result: ImportResult = { stored: [], duplicates: 0, equivocations: [], refused: [] };
  const verified = verifyWires(target.crypto, ws, clock, wires, result);
  // An export lists a redacted entry before the redaction that explains it.
  const offered = new Set(verified.filter((v) => v.entry.header.kind === 'journal.redact').map((v) => v.entry.id));
  // Each chain's head, looked up once per import and then followed in memory: a catch-up
  // extends a few chains by many entries, and those need no lookup of their own.
  const heads = new Map<string, ChainLink | null>();
  const headOf = (author: string): ChainLink | null => {
    let head = heads.get(author);
    if (head === undefined) heads.set(author, (head = linkOf(stmts.headLink.get(author))));
    return head;
  };
  const problem = (entry: Entry, before: ChainLink | null) => chainProblem(stmts, entry, before, offered);
  target.db.transaction(() => {
    for (const { entry, headerText } of verified) {
      const { author, seq } = entry.header;
      const head = headOf(author);
      // Chains are stored without gaps: an entry past the head is neither held already nor a clash.
      if (head === null || seq > head.seq) {
        const reason = problem(entry, head !== null && head.seq === seq - 1 ? head : null);
        if (reason !== null) {
          result.refused.push({ id: entry.id, author, seq, reason });
          continue;
        }
        insertEntry(stmts, entry, { headerText });
        heads.set(author, { id: entry.id, seq, hlc: entry.header.hlc });
        target.observe(entry.header.hlc);
        result.stored.push(entry);
        continue;
      }
      if (stmts.byId.get(entry.id) !== undefined) {
        result.duplicates += 1;
        continue;
      }
      const clash = stmts.byAuthorSeq.get(author, seq) as StoredRow | undefined;
      if (clash !== undefined) {
        stmts.equivocationInsert.run(entry.id, author, seq, headerText, entry.sig, bodyText(entry), clash.id);
        result.equivocations.push({ author, seq, stored: clash.id, conflicting: entry.id });
        continue;
      }
      // Not reached while chains have no gaps; checked all the same.
      const reason = problem(entry, linkOf(stmts.link.get(author, seq - 1))) ?? 'no entry at this seq, though later ones are held';
      result.refused.push({ id: entry.id, author, seq, reason });
    }
  })();
  return result;
}

/** Check each wire entry on its own (no database); the refused are added to `result`. */
function verifyWires(crypto: CryptoSuite, ws: string, clock: Clock, wires: readonly WireEntry[], result: ImportResult) {
  const verified: { entry: Entry; headerText: string }[] = [];
  for (const wire of wires) {
    try {
      if (wire.header.ws !== ws) throw new JournalVerifyError(`entry belongs to workspace ${wire.header.ws}, not ${ws}`);
      const skew = checkSkew(wire.header.hlc, clock.now());
      if (skew !== null) throw new JournalVerifyError(skew);
      // verifyEntry, keeping the canonical header bytes the signature covers: they are the stored text.
      const checked = checkEntryExceptSignature(crypto, wire);
      const entry = finishVerify(checked, crypto.verify(wire.header.author, checked.headerBytes, checked.signature));
      verified.push({
        entry,
        headerText: Buffer.from(checked.headerBytes.buffer, checked.headerBytes.byteOffset, checked.headerBytes.byteLength).toString('utf8'),
      });
    } catch (err) {
      result.refused.push({ id: wire.id, author: wire.header.author, seq: wire.header.seq, reason: (err as Error).message });
    }
  }
  return verified;
}

/** Why `entry` cannot follow `before` (its author's entry at seq - 1, null if not held), or null. */
function chainProblem(stmts: JournalStatements, entry: Entry, before: ChainLink | null, offered: ReadonlySet<string>): string | null {
  const { seq, prev } = entry.header;
  if (entry.redactedBy !== null) {
    if (!REDACTABLE_KINDS.includes(entry.header.kind)) return `${entry.header.kind} entries cannot be redacted`;
    if (!offered.has(entry.redactedBy) && stmts.byId.get(entry.redactedBy) === undefined) {
      return `body is redacted by ${entry.redactedBy}, which this journal does not hold`;
    }
  }
  if (seq === 1) return null;
  if (before === null) return `gap: seq ${seq - 1} of this author is missing`;
  if (before.id !== prev) return `broken chain: prev ${prev} but seq ${seq - 1} is ${before.id}`;
  if (compareHlc(entry.header.hlc, before.hlc) <= 0) return 'hlc does not increase along the chain';
  return null;
}
