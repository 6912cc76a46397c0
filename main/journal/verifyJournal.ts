import type { CryptoSuite, Entry, Heads, WireEntry } from '../../shared/journal';
import { JournalVerifyError, checkEntryExceptSignature, compareOrder, finishVerify, orderKeyOf, type CheckedEntry } from '../../shared/journal';
import { PARALLEL_THRESHOLD, VerifyPool } from '../crypto';
import { applyEntry, emptyState, own, stateHash } from '../../shared/state';
import { checkChains, checkRedactionLinks, headsOf, checkRosterKeys, splitForeign, workspaceOf } from './journalChecks';

export interface VerifyFailure {
  line?: number;
  author?: string;
  seq?: number;
  id?: string;
  reason: string;
}

export interface VerifyReport {
  entries: number;
  authors: number;
  redacted: number;
  failures: VerifyFailure[];
  /** Entries the fold rejects for domain reasons (not authorization): informative, not failures. */
  rejectedInvalid: VerifyFailure[];
  stateHash: string | null;
  /** The workspace the journal's genesis founds (null: no valid genesis). */
  workspace: string | null;
  /** Per author, the highest seq held and its entry id: what an export trailer must state. */
  heads: Heads;
  /** Keys of the roster members still active once every entry is folded. */
  activeMembers: string[];
}

function failureOf(err: unknown, fallback: Omit<VerifyFailure, 'reason'>): VerifyFailure {
  if (err instanceof JournalVerifyError) return { ...fallback, ...err.where, reason: err.reason };
  return { ...fallback, reason: (err as Error).message };
}

/**
 * Check a whole journal: every signature, id and body hash; every chain link
 * and seq gap; every redaction; and, by folding in total order, that every
 * author was allowed to write what they wrote when they wrote it.
 */
export function verifyEntries(crypto: CryptoSuite, items: { wire: WireEntry; line?: number }[], prior: VerifyFailure[] = []): VerifyReport {
  const checked = checkAll(crypto, items);
  return verifyChecked(crypto, checked, (c) => crypto.verify(c.entry.header.author, c.headerBytes, c.signature), prior);
}

/**
 * verifyEntries, with the signatures of a large journal checked on all cores.
 * Pipelined: this thread parses and hashes chunk by chunk and hands each to
 * the workers (one core fewer than the machine has), then verifies whatever
 * they have not started yet itself, so no core waits for another.
 */
export async function verifyEntriesParallel(
  crypto: CryptoSuite,
  items: { wire: WireEntry; line?: number }[],
  prior: VerifyFailure[] = [],
): Promise<VerifyReport> {
  if (items.length < PARALLEL_THRESHOLD) return verifyEntries(crypto, items, prior);
  const pool = new VerifyPool();
  const verdictOf = new Map<CheckedEntry, boolean>();
  const queue: CheckedEntry[][] = [];
  const running = new Set<Promise<void>>();
  const toCheck = (c: CheckedEntry) => ({ publicKey: c.entry.header.author, message: c.headerBytes, signature: c.signature });
  const pump = () => {
    while (running.size < pool.size * 2 && queue.length > 0) {
      const chunk = queue.shift()!;
      const job: Promise<void> = pool.verify(chunk.map(toCheck)).then((ok) => {
        chunk.forEach((c, i) => verdictOf.set(c, ok[i]!));
        running.delete(job);
        pump();
      });
      running.add(job);
    }
  };
  const yieldToWorkers = () => new Promise<void>((resolve) => setImmediate(resolve));
  try {
    const checked: Checked[] = [];
    for (let start = 0; start < items.length; start += VERIFY_CHUNK) {
      const part = checkAll(crypto, items.slice(start, start + VERIFY_CHUNK));
      checked.push(...part);
      queue.push(part.flatMap((c) => (c.checked === null ? [] : [c.checked])));
      pump();
      await yieldToWorkers();
    }
    // Parsing is done: verify the chunks no worker has taken, newest first, while they finish theirs.
    for (let chunk = queue.pop(); chunk !== undefined; chunk = queue.pop()) {
      for (const c of chunk) verdictOf.set(c, crypto.verify(c.entry.header.author, c.headerBytes, c.signature));
      await yieldToWorkers();
    }
    while (running.size > 0) await Promise.all(running);
    return verifyChecked(crypto, checked, (c) => verdictOf.get(c) ?? false, prior);
  } finally {
    await pool.close();
  }
}

const VERIFY_CHUNK = 500;

interface Checked {
  wire: WireEntry;
  line?: number;
  checked: CheckedEntry | null;
  error: unknown;
}

function checkAll(crypto: CryptoSuite, items: { wire: WireEntry; line?: number }[]): Checked[] {
  return items.map(({ wire, line }) => {
    try {
      return { wire, line, checked: checkEntryExceptSignature(crypto, wire, line), error: null };
    } catch (error) {
      return { wire, line, checked: null, error };
    }
  });
}

function verifyChecked(crypto: CryptoSuite, items: Checked[], signatureValid: (c: CheckedEntry) => boolean, prior: VerifyFailure[]): VerifyReport {
  const failures = [...prior];
  const entries: Entry[] = [];
  const lineOf = new Map<string, number | undefined>();
  // (author, seq) of entries present but invalid: already reported, so not also a gap.
  const invalid = new Set<string>();
  for (const { wire, line, checked, error } of items) {
    try {
      if (checked === null) throw error;
      entries.push(finishVerify(checked, signatureValid(checked), line));
      lineOf.set(wire.id, line);
    } catch (err) {
      failures.push(failureOf(err, { line, author: wire.header.author, seq: wire.header.seq, id: wire.id }));
      invalid.add(`${wire.header.author}:${wire.header.seq}`);
    }
  }
  const where = (e: Entry) => ({ line: lineOf.get(e.id), author: e.header.author, seq: e.header.seq, id: e.id });

  // Workspace: every entry must carry the ws its genesis founds; foreign ones take no further part.
  const found = workspaceOf(crypto, entries, where);
  const { own: mine, failures: foreign } = splitForeign(entries, found.ws, where);
  failures.push(...found.failures, ...foreign);
  failures.push(...checkChains(mine, invalid, where));
  const heads = headsOf(entries);
  const byId = new Map(mine.map((e) => [e.id, e] as const));
  failures.push(...checkRedactionLinks(mine, byId, where), ...checkRosterKeys(mine, where));
  const redacted = mine.filter((e) => e.redactedBy !== null).length;

  // Authorization: fold in total order, exactly as every peer does.
  const state = emptyState();
  const rejectedInvalid: VerifyFailure[] = [];
  const ordered = [...byId.values()].sort((a, b) => compareOrder(orderKeyOf(a.header), orderKeyOf(b.header)));
  for (const e of ordered) {
    const outcome = applyEntry(state, e, crypto);
    if (!outcome.applied) {
      const f = { ...where(e), reason: `${outcome.category === 'unauthorized' ? 'not authorized' : 'rejected'}: ${outcome.reason}` };
      if (outcome.category === 'unauthorized') failures.push(f);
      else rejectedInvalid.push(f);
    }
  }
  for (const e of mine) {
    const acceptedBy = own(state.redacted, e.id);
    // A deleted body must have been deleted by a redaction the rules accept...
    if (e.redactedBy !== null && acceptedBy !== e.redactedBy && byId.has(e.redactedBy)) {
      failures.push({ ...where(e), reason: `body was deleted by ${e.redactedBy}, which the rules do not accept as a redaction of this entry` });
    }
    // ...and a body whose redaction the rules accept must be gone.
    if (e.redactedBy === null && acceptedBy !== undefined) {
      failures.push({
        ...where(e),
        reason: `body is still present, but redaction ${acceptedBy} was accepted: it must have been deleted (redactedBy instead of body)`,
      });
    }
  }
  const activeMembers = Object.values(state.members)
    .filter((m) => m.active)
    .map((m) => m.key)
    .sort();
  return {
    entries: items.length,
    authors: Object.keys(heads).length,
    redacted,
    failures,
    rejectedInvalid,
    stateHash: failures.length === 0 ? stateHash(crypto, state) : null,
    workspace: found.ws,
    heads,
    activeMembers,
  };
}
