import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CryptoSuite, Entry, WireEntry } from '../../shared/journal';
import {
  JournalVerifyError,
  MAX_EXPORT_LINE_BYTES,
  WireEntrySchema,
  checkEntryExceptSignature,
  compareOrder,
  finishVerify,
  orderKeyOf,
  type CheckedEntry,
} from '../../shared/journal';
import { PARALLEL_THRESHOLD, VerifyPool } from '../crypto';
import { RedactBody } from '../../shared/entries';
import { applyEntry, emptyState, stateHash } from '../../shared/state';

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
}

function failureOf(err: unknown, fallback: Omit<VerifyFailure, 'reason'>): VerifyFailure {
  if (err instanceof JournalVerifyError) return { ...fallback, ...err.where, reason: err.reason };
  return { ...fallback, reason: (err as Error).message };
}

/** Read a JSON Lines export: every line must parse and match the entry schema. */
export async function readJsonl(file: string, onFailure: (f: VerifyFailure) => void): Promise<{ wire: WireEntry; line: number }[]> {
  const out: { wire: WireEntry; line: number }[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    if (text.trim() === '') continue;
    if (text.length > MAX_EXPORT_LINE_BYTES) {
      onFailure({ line: n, reason: `line is longer than ${MAX_EXPORT_LINE_BYTES} bytes` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      onFailure({ line: n, reason: `not valid JSON (${(err as Error).message}); truncated or edited line?` });
      continue;
    }
    const parsed = WireEntrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const raw = json as { id?: unknown; header?: { author?: unknown; seq?: unknown } };
      onFailure({
        line: n,
        id: typeof raw?.id === 'string' ? raw.id : undefined,
        author: typeof raw?.header?.author === 'string' ? raw.header.author : undefined,
        seq: typeof raw?.header?.seq === 'number' ? raw.header.seq : undefined,
        reason: `malformed entry: ${issue?.path.join('.') || 'entry'}: ${issue?.message}`,
      });
      continue;
    }
    out.push({ wire: parsed.data, line: n });
  }
  return out;
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

function verifyChecked(
  crypto: CryptoSuite,
  items: Checked[],
  signatureValid: (c: CheckedEntry) => boolean,
  prior: VerifyFailure[],
): VerifyReport {
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

  // Chains: seq 1..n without gaps, each prev naming the entry before.
  const chains = new Map<string, Map<number, Entry>>();
  for (const e of entries) {
    const chain = chains.get(e.header.author) ?? new Map<number, Entry>();
    chains.set(e.header.author, chain);
    const clash = chain.get(e.header.seq);
    if (clash !== undefined) {
      failures.push({ ...where(e), reason: `equivocation: seq ${e.header.seq} also held by entry ${clash.id}` });
      continue;
    }
    chain.set(e.header.seq, e);
  }
  for (const [author, chain] of chains) {
    const top = Math.max(...chain.keys());
    for (let seq = 1; seq <= top; seq++) {
      const e = chain.get(seq);
      if (e === undefined) {
        if (invalid.has(`${author}:${seq}`)) continue;
        failures.push({ author, seq, reason: `gap: seq ${seq} is missing from this author's chain` });
        continue;
      }
      if (seq > 1) {
        const before = chain.get(seq - 1);
        if (before !== undefined && e.header.prev !== before.id) {
          failures.push({ ...where(e), reason: `broken chain: prev is ${e.header.prev}, but seq ${seq - 1} is ${before.id}` });
        }
      }
    }
  }

  // Redactions: a missing body must be explained by a redaction entry held here.
  const byId = new Map(entries.map((e) => [e.id, e] as const));
  let redacted = 0;
  for (const e of entries) {
    if (e.redactedBy === null) continue;
    redacted += 1;
    const r = byId.get(e.redactedBy);
    const body = r ? RedactBody.safeParse(r.body) : null;
    if (!r || r.header.kind !== 'journal.redact' || !body?.success || body.data.target !== e.id) {
      failures.push({ ...where(e), reason: `body is missing and ${e.redactedBy} is not a redaction of this entry held in the journal` });
    }
  }

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
  // A deleted body must have been deleted by a redaction the rules accept.
  for (const e of entries) {
    if (e.redactedBy !== null && state.redacted[e.id] !== e.redactedBy && byId.has(e.redactedBy)) {
      failures.push({ ...where(e), reason: `body was deleted by ${e.redactedBy}, which the rules do not accept as a redaction of this entry` });
    }
  }
  return {
    entries: items.length,
    authors: chains.size,
    redacted,
    failures,
    rejectedInvalid,
    stateHash: failures.length === 0 ? stateHash(crypto, state) : null,
  };
}
