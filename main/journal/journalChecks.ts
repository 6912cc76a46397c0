import { GenesisBody, RedactBody, workspaceIdOf } from '../../shared/entries';
import { PublicKeyText, type Entry, type Hasher, type Heads } from '../../shared/journal';
import type { VerifyFailure } from './verifyJournal';

// The checks of docs/journal-format.md, *Verifying an export*, that need more
// than one entry but no fold: workspace, chains, redaction links, keys.

type Where = (e: Entry) => Omit<VerifyFailure, 'reason'>;

/**
 * The workspace this journal belongs to: the `ws` its genesis founds. A
 * genesis counts only if it is well formed, first in its author's chain,
 * signed by the creator it names and its `ws` is derived from its body.
 */
export function workspaceOf(hasher: Hasher, entries: readonly Entry[], where: Where): { ws: string | null; failures: VerifyFailure[] } {
  const founded = new Map<string, Entry>();
  for (const e of entries) {
    if (e.header.kind !== 'workspace.genesis' || e.header.seq !== 1) continue;
    const body = GenesisBody.safeParse(e.body);
    if (!body.success || body.data.creator !== e.header.author || workspaceIdOf(hasher, body.data) !== e.header.ws) continue;
    if (!founded.has(e.header.ws)) founded.set(e.header.ws, e);
  }
  if (founded.size === 0) {
    return { ws: null, failures: [{ reason: 'no valid workspace.genesis entry: the journal has no workspace id to check entries against' }] };
  }
  const geneses = [...founded.values()];
  const ws = geneses[0]!.header.ws;
  const failures = geneses.slice(1).map((g) => ({ ...where(g), reason: `a second genesis, of workspace ${g.header.ws}: this journal's workspace is ${ws}` }));
  return { ws, failures };
}

/** Entries whose `ws` is not the journal's workspace: each is a failure and takes no further part. */
export function splitForeign(entries: readonly Entry[], ws: string | null, where: Where): { own: Entry[]; failures: VerifyFailure[] } {
  if (ws === null) return { own: [...entries], failures: [] };
  const own: Entry[] = [];
  const failures: VerifyFailure[] = [];
  for (const e of entries) {
    if (e.header.ws === ws) own.push(e);
    else failures.push({ ...where(e), reason: `entry belongs to workspace ${e.header.ws}, not to this journal's workspace ${ws}` });
  }
  return { own, failures };
}

/**
 * Per author: seq 1..n without gaps or duplicates, each prev naming the
 * entry before, and hlc strictly increasing along the chain. `invalid` holds
 * "author:seq" of entries present but already reported, so not also a gap.
 */
export function checkChains(entries: readonly Entry[], invalid: ReadonlySet<string>, where: Where): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
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
        if (!invalid.has(`${author}:${seq}`)) failures.push({ author, seq, reason: `gap: seq ${seq} is missing from this author's chain` });
        continue;
      }
      const before = seq > 1 ? chain.get(seq - 1) : undefined;
      if (before === undefined) continue;
      if (e.header.prev !== before.id) {
        failures.push({ ...where(e), reason: `broken chain: prev is ${e.header.prev}, but seq ${seq - 1} is ${before.id}` });
      }
      const [a, b] = [before.header.hlc, e.header.hlc];
      if (b.wall < a.wall || (b.wall === a.wall && b.count <= a.count)) {
        failures.push({
          ...where(e),
          reason: `hlc does not increase along the chain: seq ${seq} has (${b.wall}, ${b.count}), not after seq ${seq - 1}'s (${a.wall}, ${a.count})`,
        });
      }
    }
  }
  return failures;
}

/** Per author, the highest seq among the entries and that entry's id (the first seen, under equivocation). */
export function headsOf(entries: readonly Entry[]): Heads {
  const heads: Heads = {};
  for (const e of entries) {
    const h = Object.hasOwn(heads, e.header.author) ? heads[e.header.author] : undefined;
    if (h === undefined || e.header.seq > h.seq) heads[e.header.author] = { seq: e.header.seq, id: e.id };
  }
  return heads;
}

/** Every missing body must be explained by a journal.redact entry held here that targets it. */
export function checkRedactionLinks(entries: readonly Entry[], byId: ReadonlyMap<string, Entry>, where: Where): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
  for (const e of entries) {
    if (e.redactedBy === null) continue;
    const r = byId.get(e.redactedBy);
    const body = r ? RedactBody.safeParse(r.body) : null;
    if (!r || r.header.kind !== 'journal.redact' || !body?.success || body.data.target !== e.id) {
      failures.push({ ...where(e), reason: `body is missing and ${e.redactedBy} is not a redaction of this entry held in the journal` });
    }
  }
  return failures;
}

/** Body fields that name the keys the roster grants authority to. */
const KEY_FIELDS: Readonly<Record<string, string>> = {
  'workspace.genesis': 'creator',
  'roster.memberPut': 'member',
  'roster.memberRevoke': 'member',
};

/**
 * Keys in roster bodies must be canonical base64url (the unused low bits of
 * the last character zero), as in headers: otherwise two texts would name one
 * key, and a member could hold roles under a name no header can carry.
 */
export function checkRosterKeys(entries: readonly Entry[], where: Where): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
  for (const e of entries) {
    const field = Object.hasOwn(KEY_FIELDS, e.header.kind) ? KEY_FIELDS[e.header.kind] : undefined;
    const body = e.body;
    if (field === undefined || body === null || typeof body !== 'object' || Array.isArray(body) || !Object.hasOwn(body, field)) continue;
    const key = body[field];
    if (typeof key === 'string' && !PublicKeyText.safeParse(key).success) {
      failures.push({ ...where(e), reason: `${field} ${JSON.stringify(key)} is not a canonical base64url Ed25519 public key` });
    }
  }
  return failures;
}
