import type { Hasher } from '../journal/crypto';
import { compareOrder, orderKeyOf, type OrderKey } from '../journal/order';
import { applyEntry, type FoldEntry, type FoldOutcome } from './fold';
import { emptyState, type WorkspaceState } from './state';

/** Gives the fold entries in total order, strictly after a key (null: from the start). */
export interface EntrySource {
  entriesAfter(key: OrderKey | null): Iterable<FoldEntry>;
}

export interface ProjectionCheckpoint {
  state: WorkspaceState;
  lastKey: OrderKey | null;
  count: number;
  /**
   * Rebuilds a fresh copy of `state` (e.g. by parsing the persisted text
   * again). Given, it stands in for a snapshot at construction, so opening
   * a large workspace does not pay for cloning its projection.
   */
  restore?: () => WorkspaceState;
  /**
   * Older projections of the same source, oldest first, each still the fold
   * of exactly the entries up to its key. They seed the snapshots, so a late
   * arrival soon after opening rewinds to the nearest one instead of
   * refolding the whole source. restore() may return null (the copy is gone):
   * the rewind then looks further back.
   */
  earlier?: readonly EarlierProjection[];
}

export interface EarlierProjection {
  lastKey: OrderKey | null;
  count: number;
  restore: () => WorkspaceState | null;
}

/** The slices of the projection that decide who may write what. */
export type RosterView = Readonly<Pick<WorkspaceState, 'workspace' | 'members' | 'redacted' | 'equivocations'>>;

/**
 * Kinds whose fold writes the roster slices: the genesis, the roster and
 * redactions (a redacted entry is inert, whatever its kind). The fold of
 * every other kind reads those slices but never writes them, and evidence of
 * equivocation is folded at once, so while only entries of other kinds wait
 * to be folded (see defer), the roster slices as folded so far are exact.
 */
export const ROSTER_KINDS: ReadonlySet<string> = new Set(['workspace.genesis', 'roster.memberPut', 'roster.memberRevoke', 'journal.redact']);

interface Snapshot {
  lastKey: OrderKey | null;
  count: number;
  /** A private copy of the state at lastKey, made on demand; null if it can no longer be made. */
  copy: () => WorkspaceState | null;
}

/** Bump when a fold rule changes: persisted checkpoints of older versions are refolded. */
// 3: policy.publish and action.* kinds fold into the optional policies/actions slices.
// 4: exercise.* kinds fold into the optional exercise slice.
// 5: playbook.* kinds, action.rollback/rollbackResult and the 'unknown' action outcome.
// 6: ics.* kinds fold into the optional ics slice (issue 8).
// 7: action.paramsHash, action.edit and approvals bound to the hash they were given for (issue 8).
export const FOLD_VERSION = 7;

/**
 * Incremental projection. Entries at the tail of the total order (the common
 * case) apply in O(1). A late arrival that sorts before entries already
 * folded rewinds to the last snapshot before it and replays forward from the
 * source, which already holds the new entry. defer() lets that rewind wait
 * until the projection is next read, so a burst of late arrivals (a peer's
 * catch-up, many batches all sorting before local entries) replays once.
 */
export class Projector {
  private current: WorkspaceState;
  private last: OrderKey | null;
  private folded: number;
  private snapshots: Snapshot[] = [];
  private sinceSnapshot = 0;
  private rewinds = 0;
  /** Earliest key of entries in the source not folded yet (deferred late arrivals); null: none. */
  private staleFrom: OrderKey | null = null;

  constructor(
    private readonly hasher: Hasher,
    private readonly source: EntrySource,
    private readonly options: { snapshotEvery?: number; keepSnapshots?: number } = {},
    from?: ProjectionCheckpoint,
  ) {
    this.current = from?.state ?? emptyState();
    this.last = from?.lastKey ?? null;
    this.folded = from?.count ?? 0;
    for (const e of from?.earlier ?? []) this.snapshots.push({ lastKey: e.lastKey, count: e.count, copy: e.restore });
    if (from?.restore) this.snapshots.push({ lastKey: this.last, count: this.folded, copy: from.restore });
    else this.takeSnapshot();
  }

  /** The projection, with every entry of the source folded (deferred ones first). */
  get state(): Readonly<WorkspaceState> {
    this.settle();
    return this.current;
  }

  /**
   * The roster slices without folding deferred entries first: exact, since
   * deferred entries are never of a roster kind (ROSTER_KINDS). For the
   * checks made on every batch a peer sends (may this author write, may this
   * peer be served), which must not force a replay per batch.
   */
  get roster(): RosterView {
    return this.current;
  }

  get lastKey(): OrderKey | null {
    this.settle();
    return this.last;
  }

  get count(): number {
    this.settle();
    return this.folded;
  }

  /** Whether entries of the source wait to be folded (see defer). */
  get unsettled(): boolean {
    return this.staleFrom !== null;
  }

  /** How many times a late arrival forced a replay (for diagnostics and tests). */
  get rewindCount(): number {
    return this.rewinds;
  }

  /** A private copy of the current projection. */
  checkpoint(): ProjectionCheckpoint {
    this.settle();
    return { state: structuredClone(this.current), lastKey: this.last, count: this.folded };
  }

  /** The current projection without copying it, for a caller that serialises it at once. */
  checkpointView(): Readonly<ProjectionCheckpoint> {
    this.settle();
    return { state: this.current, lastKey: this.last, count: this.folded };
  }

  /** Fold entries already stored in the source. */
  add(entries: Iterable<FoldEntry>): void {
    this.defer(entries);
    this.settle();
  }

  /**
   * Fold entries already stored in the source, except that late arrivals
   * (sorting before what is folded) and whatever follows them wait for the
   * next read or settle(), which replays once for all of them. Entries at
   * the tail still apply at once while nothing waits. A batch holding a
   * roster kind is settled at once, so the roster view stays exact.
   */
  defer(entries: Iterable<FoldEntry>): void {
    let roster = false;
    for (const entry of entries) {
      const key = orderKeyOf(entry.header);
      if (this.staleFrom === null && (this.last === null || compareOrder(key, this.last) > 0)) this.applyAtTail(entry, key);
      else this.markStale(key);
      if (ROSTER_KINDS.has(entry.header.kind)) roster = true;
    }
    if (roster) this.settle();
  }

  /** Fold what defer() left waiting: one rewind to the earliest of it, one replay. */
  settle(): void {
    const from = this.staleFrom;
    if (from === null) return;
    this.staleFrom = null;
    this.rewindTo(from);
  }

  /**
   * Apply one new local entry, which sorts after everything folded. Returns
   * the fold's verdict; the caller decides whether to keep the entry and, if
   * not, calls forget() to undo. Deferred entries are folded first, from the
   * source: settle() before storing the new entry, or that replay folds it too.
   */
  applyLocal(entry: FoldEntry): FoldOutcome {
    this.settle();
    const key = orderKeyOf(entry.header);
    if (this.last !== null && compareOrder(key, this.last) <= 0) throw new Error('applyLocal: entry does not sort at the tail');
    const outcome = applyEntry(this.current, entry, this.hasher);
    this.last = key;
    this.folded += 1;
    this.sinceSnapshot += 1;
    if (this.sinceSnapshot >= this.snapshotInterval()) this.takeSnapshot();
    return outcome;
  }

  /** Entries from `key` on were not stored after all: fold again without them. */
  forget(key: OrderKey): void {
    this.markStale(key);
    this.settle();
  }

  /** Record equivocation evidence: that author's entries from seq on stop applying. */
  markEquivocation(author: string, seq: number, firstAffected: OrderKey | null): void {
    const known = this.current.equivocations[author];
    if (known !== undefined && known <= seq) return;
    this.current.equivocations[author] = seq;
    // At once, deferred entries or not: evidence can change the roster (an admin's later entries stop applying).
    if (firstAffected !== null && this.last !== null && compareOrder(firstAffected, this.last) <= 0) this.markStale(firstAffected);
    this.settle();
  }

  /** Throw everything away and fold the whole source again. */
  refold(): void {
    const equivocations = this.current.equivocations;
    this.current = emptyState();
    this.current.equivocations = { ...equivocations };
    this.last = null;
    this.folded = 0;
    this.snapshots = [];
    this.staleFrom = null;
    this.replay(false);
  }

  private markStale(key: OrderKey): void {
    if (this.staleFrom === null || compareOrder(key, this.staleFrom) < 0) this.staleFrom = key;
  }

  private applyAtTail(entry: FoldEntry, key: OrderKey): void {
    applyEntry(this.current, entry, this.hasher);
    this.last = key;
    this.folded += 1;
    this.sinceSnapshot += 1;
    if (this.sinceSnapshot >= this.snapshotInterval()) this.takeSnapshot();
  }

  /**
   * Entries between snapshots. A snapshot copies the whole state, which grows
   * with the journal, so by default the interval grows too (an eighth of what
   * was folded): copying stays a small constant cost per entry, and a rewind
   * replays at most that many entries.
   */
  private snapshotInterval(): number {
    return this.options.snapshotEvery ?? Math.max(2048, Math.floor(this.folded / 8));
  }

  private takeSnapshot(): void {
    const frozen = structuredClone(this.current);
    this.snapshots.push({ lastKey: this.last, count: this.folded, copy: () => structuredClone(frozen) });
    const keep = this.options.keepSnapshots ?? 8;
    // Always keep the oldest (the starting point) so a rewind never needs a full refold
    // unless the late entry predates the projection's origin.
    if (this.snapshots.length > keep) this.snapshots.splice(1, 1);
    this.sinceSnapshot = 0;
  }

  private rewindTo(key: OrderKey): void {
    this.rewinds += 1;
    let base: { snapshot: Snapshot; state: WorkspaceState } | undefined;
    while (this.snapshots.length > 0 && base === undefined) {
      const s = this.snapshots[this.snapshots.length - 1]!;
      const state = s.lastKey === null || compareOrder(s.lastKey, key) < 0 ? s.copy() : null;
      if (state !== null) base = { snapshot: s, state };
      else this.snapshots.pop();
    }
    if (base === undefined) {
      this.refold();
      return;
    }
    // Evidence is not part of the history being replayed: it applies from the start.
    const equivocations = this.current.equivocations;
    this.current = base.state;
    this.current.equivocations = { ...equivocations };
    this.last = base.snapshot.lastKey;
    this.folded = base.snapshot.count;
    this.replay(true);
  }

  /**
   * Fold the source from `last` on. `along`: take snapshots on the way, as
   * folding at the tail does, so the next late arrival near this one finds a
   * snapshot close before it. Not on a whole refold (opening without a
   * checkpoint), which would pay for copies mostly evicted again.
   */
  private replay(along: boolean): void {
    this.sinceSnapshot = 0;
    for (const entry of this.source.entriesAfter(this.last)) {
      applyEntry(this.current, entry, this.hasher);
      this.last = orderKeyOf(entry.header);
      this.folded += 1;
      if (++this.sinceSnapshot >= this.snapshotInterval() && along) this.takeSnapshot();
    }
    if (this.sinceSnapshot > 0 || this.snapshots.length === 0) this.takeSnapshot();
  }
}
