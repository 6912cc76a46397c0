import type { Hasher } from '../journal/crypto';
import { compareOrder, orderKeyOf, type OrderKey } from '../journal/order';
import { applyEntry, type FoldEntry, type FoldOutcome } from './fold';
import { emptyState, own, type WorkspaceState } from './state';
import { HashSum, stateHashSum } from './stateHash';
import type { ProjectionCheckpoint } from './projectionCheckpoint';
import { StateTracker, type ItemChanges } from './stateTracker';
import { UndoLog } from './undoLog';

/** Gives the fold entries in total order, strictly after a key (null: from the start). */
export interface EntrySource {
  entriesAfter(key: OrderKey | null): Iterable<FoldEntry>;
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

/** Bump when a fold rule changes: persisted checkpoints of older versions are refolded. */
// 3: policy.publish and action.* kinds fold into the optional policies/actions slices.
// 4: exercise.* kinds fold into the optional exercise slice.
// 5: playbook.* kinds, action.rollback/rollbackResult and the 'unknown' action outcome.
// 6: ics.* kinds fold into the optional ics slice (issue 8).
// 7: action.paramsHash, action.edit and approvals bound to the hash they were given for (issue 8).
// 8: the state hash is a sum of per-item digests, and checkpoints are stored as items (issue 14).
export const FOLD_VERSION = 8;

/**
 * Incremental projection. Entries at the tail of the total order (the common
 * case) apply at the cost of the items they touch, whatever the size of the
 * state: the fold writes through a tracking view (StateTracker), which keeps
 * the state hash and an undo log (UndoLog) up to date. A late arrival that
 * sorts before entries already folded rewinds, through the undo log, to the
 * last boundary before it and replays forward from the source, which already
 * holds the new entry. defer() lets that rewind wait until the projection is
 * next read, so a burst of late arrivals (a peer's catch-up, many batches all
 * sorting before local entries) replays once.
 */
export class Projector {
  private readonly tracker: StateTracker;
  private readonly log: UndoLog;
  private last: OrderKey | null;
  private folded: number;
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
    const state = from?.state ?? emptyState();
    this.tracker = new StateTracker(hasher, state, from?.sum !== undefined ? HashSum.fromHex(from.sum) : stateHashSum(hasher, state));
    this.log = new UndoLog(options.keepSnapshots ?? 8);
    this.last = from?.lastKey ?? null;
    this.folded = from?.count ?? 0;
    this.log.seed(
      (from?.earlier ?? []).map((e) => ({
        lastKey: e.lastKey,
        count: e.count,
        sum: HashSum.fromHex(e.sum),
        undo: new Map(),
        stored: { undo: e.undo, usable: e.usable },
      })),
    );
    this.startSegment();
    // Started from a checkpoint: that is what is persisted, so only later changes need writing.
    if (from !== undefined) this.tracker.clean();
  }

  /** The projection, with every entry of the source folded (deferred ones first). */
  get state(): Readonly<WorkspaceState> {
    this.settle();
    return this.tracker.state;
  }

  /**
   * The roster slices without folding deferred entries first: exact, since
   * deferred entries are never of a roster kind (ROSTER_KINDS). For the
   * checks made on every batch a peer sends (may this author write, may this
   * peer be served), which must not force a replay per batch.
   */
  get roster(): RosterView {
    return this.tracker.state;
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

  /** The state hash (stateHash.ts), kept incrementally (each item touched since the last call is hashed once): equal to stateHash(hasher, this.state). */
  stateHash(): string {
    this.settle();
    return this.tracker.hashSum.hex();
  }

  /** A private copy of the current projection. */
  checkpoint(): ProjectionCheckpoint {
    this.settle();
    return { state: structuredClone(this.tracker.state), lastKey: this.last, count: this.folded, sum: this.tracker.hashSum.hex() };
  }

  /** The current projection without copying it, for a caller that serialises it at once. */
  checkpointView(): Readonly<ProjectionCheckpoint & { sum: string }> {
    this.settle();
    return { state: this.tracker.state, lastKey: this.last, count: this.folded, sum: this.tracker.hashSum.hex() };
  }

  /**
   * The items changed since the last call (all of them after a refold or on
   * a fresh projector), for an incremental checkpoint, which must then be
   * written; if writing fails, checkpointFailed() makes the next call say all.
   */
  takeChanges(): ItemChanges {
    this.settle();
    return this.tracker.takeChanges();
  }

  checkpointFailed(): void {
    this.tracker.forgetClean();
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
    const outcome = this.fold(entry);
    this.advance(key);
    return outcome;
  }

  /** Entries from `key` on were not stored after all: fold again without them. */
  forget(key: OrderKey): void {
    this.markStale(key);
    this.settle();
  }

  /** Record equivocation evidence: that author's entries from seq on stop applying. */
  markEquivocation(author: string, seq: number, firstAffected: OrderKey | null): void {
    const known = own(this.tracker.state.equivocations, author);
    if (known !== undefined && known <= seq) return;
    this.tracker.run((view) => void (view.equivocations[author] = seq));
    // At once, deferred entries or not: evidence can change the roster (an admin's later entries stop applying).
    if (firstAffected !== null && this.last !== null && compareOrder(firstAffected, this.last) <= 0) this.markStale(firstAffected);
    this.settle();
  }

  /**
   * Throw everything away and fold the whole source again. Untracked: the
   * hash is summed once at the end, every item counts as changed, and the
   * undo log starts afresh at the end (as the single snapshot did before).
   */
  refold(): void {
    const state = emptyState();
    state.equivocations = { ...this.tracker.state.equivocations };
    this.last = null;
    this.folded = 0;
    this.staleFrom = null;
    for (const entry of this.source.entriesAfter(null)) {
      applyEntry(state, entry, this.hasher);
      this.last = orderKeyOf(entry.header);
      this.folded += 1;
    }
    this.tracker.reset(state, stateHashSum(this.hasher, state));
    this.log.clear();
    this.startSegment();
  }

  private markStale(key: OrderKey): void {
    if (this.staleFrom === null || compareOrder(key, this.staleFrom) < 0) this.staleFrom = key;
  }

  private applyAtTail(entry: FoldEntry, key: OrderKey): void {
    this.fold(entry);
    this.advance(key);
  }

  private fold(entry: FoldEntry): FoldOutcome {
    return this.tracker.run((view) => applyEntry(this.tracker.state, entry, this.hasher, view));
  }

  private advance(key: OrderKey): void {
    this.last = key;
    this.folded += 1;
    if (++this.sinceSnapshot >= this.snapshotInterval()) this.startSegment();
  }

  /**
   * Entries between undo boundaries. A boundary costs nothing to take, but a
   * rewind replays from the boundary before it, and the log keeps a bounded
   * number of them: so the interval grows with what was folded (an eighth),
   * and a rewind replays at most about that many entries.
   */
  private snapshotInterval(): number {
    return this.options.snapshotEvery ?? Math.max(2048, Math.floor(this.folded / 8));
  }

  private startSegment(): void {
    this.tracker.undo = this.log.open(this.last, this.folded, this.tracker.hashSum);
    this.sinceSnapshot = 0;
  }

  private rewindTo(key: OrderKey): void {
    this.rewinds += 1;
    const evidence = { ...this.tracker.state.equivocations };
    const back = this.log.rewindBefore(key);
    if (back === null) {
      this.refold();
      return;
    }
    this.tracker.restore(back.items, back.sum);
    this.tracker.undo = back.undo;
    this.last = back.lastKey;
    this.folded = back.count;
    this.sinceSnapshot = 0;
    // Evidence is not part of the history being replayed: it applies from the start.
    this.tracker.run((view) => {
      const now = this.tracker.state.equivocations;
      for (const author of Object.keys(now)) if (!Object.hasOwn(evidence, author)) delete view.equivocations[author];
      for (const [author, seq] of Object.entries(evidence)) if (own(now, author) !== seq) view.equivocations[author] = seq;
    });
    for (const entry of this.source.entriesAfter(this.last)) this.applyAtTail(entry, orderKeyOf(entry.header));
  }
}
