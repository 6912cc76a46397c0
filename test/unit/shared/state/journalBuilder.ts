// Test helper: builds small, correctly signed journals in memory.
//
// Every author gets a deterministic Ed25519 key (seeded), its own chain
// (seq 1, 2, 3… with prev = id of the previous header) and its own hybrid
// logical clock. By default each entry happens one second after the previous
// one and its author has seen everything written so far (causal order), so
// creation order is the total order. Pass `wall` and `observe: false` to make
// concurrent entries (same wall time, authors that have not seen each other).

import { nodeCrypto, signerFromSeed } from '../../../../main/crypto';
import { toBase64Url } from '../../../../shared/bytes';
import type { JsonValue } from '../../../../shared/canonical';
import { HLC_ZERO, compareHlc, observeHlc, tickHlc, type Hlc } from '../../../../shared/clock';
import { workspaceIdOf, type BodyInput, type GenesisBody, type KindName } from '../../../../shared/entries';
import { compareOrder, orderKeyOf, signEntry, type Entry, type OrderKey, type Signer } from '../../../../shared/journal';
import { Projector, applyEntry, emptyState, stateHash, type EntrySource, type FoldEntry, type WorkspaceState } from '../../../../shared/state';

export const hasher = nodeCrypto;

/** A deterministic signer: the same n always gives the same key pair. */
export function seededSigner(n: number): Signer {
  const seed = new Uint8Array(32);
  seed.fill(n & 0xff);
  seed[0] = 0xc0;
  seed[31] = (n >> 8) & 0xff;
  return signerFromSeed(toBase64Url(seed));
}

/** The JSON value of a typed body (input types may hold optional members). */
export function json(value: unknown): JsonValue {
  return value as JsonValue;
}

interface Chain {
  readonly signer: Signer;
  seq: number;
  prev: string | null;
  hlc: Hlc;
}

export interface AppendOptions {
  /** Wall-clock ms the author's device reads when it writes (default: one second after the last entry). */
  wall?: number;
  /** Whether the author has seen every entry written so far (default true). */
  observe?: boolean;
}

export class JournalBuilder<Name extends string = string> {
  readonly ws: string;
  readonly genesisBody: GenesisBody;
  readonly creator: Name;
  /** Every entry built, in creation order. */
  readonly entries: Entry[] = [];
  private readonly chains = new Map<Name, Chain>();
  private now: number;
  private seen: Hlc = HLC_ZERO;

  constructor(names: readonly Name[], opts: { start?: number; seedBase?: number; workspaceName?: string } = {}) {
    if (names.length === 0) throw new Error('JournalBuilder needs at least one author');
    const seedBase = opts.seedBase ?? 1;
    names.forEach((name, i) => {
      this.chains.set(name, { signer: seededSigner(seedBase + i), seq: 0, prev: null, hlc: HLC_ZERO });
    });
    this.creator = names[0]!;
    this.now = opts.start ?? 1_700_000_000_000;
    this.genesisBody = {
      name: opts.workspaceName ?? 'Test workspace',
      creator: this.key(this.creator),
      creatorName: this.creator,
      nonce: '0123456789abcdef0123456789abcdef',
      createdAt: this.now,
    };
    this.ws = workspaceIdOf(hasher, this.genesisBody);
  }

  get names(): Name[] {
    return [...this.chains.keys()];
  }

  key(name: Name): string {
    return this.chain(name).signer.publicKey;
  }

  signer(name: Name): Signer {
    return this.chain(name).signer;
  }

  /** The author whose key sorts first / last: handy to build ties with a known winner. */
  byKeyOrder(): Name[] {
    return this.names.sort((a, b) => (this.key(a) < this.key(b) ? -1 : this.key(a) > this.key(b) ? 1 : 0));
  }

  /** The genesis entry, signed by the creator (or, to test refusals, by someone else / with another body). */
  genesis(opts: AppendOptions & { by?: Name; body?: GenesisBody } = {}): Entry {
    return this.raw(opts.by ?? this.creator, 'workspace.genesis', json(opts.body ?? this.genesisBody), opts);
  }

  append<K extends KindName>(name: Name, kind: K, body: BodyInput<K>, opts: AppendOptions = {}): Entry {
    return this.raw(name, kind, json(body), opts);
  }

  /** Sign any kind and body, valid or not. */
  raw(name: Name, kind: string, body: JsonValue, opts: AppendOptions = {}): Entry {
    const chain = this.chain(name);
    const wall = opts.wall ?? this.now + 1000;
    this.now = Math.max(this.now, wall);
    const base = opts.observe === false ? chain.hlc : observeHlc(chain.hlc, this.seen);
    const hlc = tickHlc(base, wall);
    const entry = signEntry(hasher, chain.signer, { ws: this.ws, seq: chain.seq + 1, prev: chain.prev, hlc, kind }, body);
    chain.seq += 1;
    chain.prev = entry.id;
    chain.hlc = hlc;
    if (compareHlc(hlc, this.seen) > 0) this.seen = hlc;
    this.entries.push(entry);
    return entry;
  }

  private chain(name: Name): Chain {
    const chain = this.chains.get(name);
    if (chain === undefined) throw new Error(`unknown author ${name}`);
    return chain;
  }
}

export function keyOf(entry: FoldEntry): OrderKey {
  return orderKeyOf(entry.header);
}

export function byOrder(a: FoldEntry, b: FoldEntry): number {
  return compareOrder(keyOf(a), keyOf(b));
}

/** The entries in the journal's total order (hlc, author, seq). */
export function sortByOrder<E extends FoldEntry>(entries: readonly E[]): E[] {
  return [...entries].sort(byOrder);
}

/** The entry as the store holds it once a redaction swapped its body for a tombstone. */
export function redacted(entry: Entry, redactionId: string): FoldEntry {
  return { id: entry.id, header: entry.header, body: null, redactedBy: redactionId };
}

/**
 * An in-memory EntrySource: entries kept sorted in total order as they are
 * stored, one per id (later stores of the same id replace it, as the store's
 * body swap on redaction does).
 */
export class MemorySource implements EntrySource {
  private readonly sorted: FoldEntry[] = [];
  /** How many entries entriesAfter() has handed out (replay cost). */
  yielded = 0;

  constructor(entries: Iterable<FoldEntry> = []) {
    for (const e of entries) this.store(e);
  }

  store(entry: FoldEntry): void {
    const key = keyOf(entry);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareOrder(keyOf(this.sorted[mid]!), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    const at = this.sorted[lo];
    if (at !== undefined && at.id === entry.id) this.sorted[lo] = entry;
    else this.sorted.splice(lo, 0, entry);
  }

  remove(id: string): void {
    const i = this.sorted.findIndex((e) => e.id === id);
    if (i >= 0) this.sorted.splice(i, 1);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Where a stored entry sorts (what JournalStore can answer by id), null if not stored. */
  keyOf(id: string): OrderKey | null {
    const entry = this.sorted.find((e) => e.id === id);
    return entry === undefined ? null : keyOf(entry);
  }

  all(): FoldEntry[] {
    return [...this.sorted];
  }

  *entriesAfter(key: OrderKey | null): Iterable<FoldEntry> {
    for (const entry of [...this.sorted]) {
      if (key === null || compareOrder(keyOf(entry), key) > 0) {
        this.yielded += 1;
        yield entry;
      }
    }
  }
}

/** Fold entries with applyEntry in total order, from an empty state. */
export function foldAll(entries: readonly FoldEntry[], opts: { equivocations?: Record<string, number> } = {}): WorkspaceState {
  const state = emptyState();
  Object.assign(state.equivocations, opts.equivocations ?? {});
  for (const entry of sortByOrder(entries)) applyEntry(state, entry, hasher);
  return state;
}

/** The state hash a fresh Projector computes by refolding the whole entry set. */
export function refoldHash(entries: readonly FoldEntry[], opts: { equivocations?: Record<string, number> } = {}): string {
  const projector = new Projector(hasher, new MemorySource(entries));
  for (const [author, seq] of Object.entries(opts.equivocations ?? {})) projector.markEquivocation(author, seq, null);
  projector.refold();
  return stateHash(hasher, projector.state);
}

export function hashOf(state: Readonly<WorkspaceState>): string {
  return stateHash(hasher, state);
}
