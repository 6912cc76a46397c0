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
}

interface Snapshot {
  lastKey: OrderKey | null;
  count: number;
  /** A private copy of the state at lastKey, made on demand. */
  copy: () => WorkspaceState;
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
 * source, which already holds the new entry.
 */
export class Projector {
  private current: WorkspaceState;
  private last: OrderKey | null;
  private folded: number;
  private snapshots: Snapshot[] = [];
  private sinceSnapshot = 0;
  private rewinds = 0;

  constructor(
    private readonly hasher: Hasher,
    private readonly source: EntrySource,
    private readonly options: { snapshotEvery?: number; keepSnapshots?: number } = {},
    from?: ProjectionCheckpoint,
  ) {
    this.current = from?.state ?? emptyState();
    this.last = from?.lastKey ?? null;
    this.folded = from?.count ?? 0;
    if (from?.restore) this.snapshots.push({ lastKey: this.last, count: this.folded, copy: from.restore });
    else this.takeSnapshot();
  }

  get state(): Readonly<WorkspaceState> {
    return this.current;
  }

  get lastKey(): OrderKey | null {
    return this.last;
  }

  get count(): number {
    return this.folded;
  }

  /** How many times a late arrival forced a replay (for diagnostics and tests). */
  get rewindCount(): number {
    return this.rewinds;
  }

  /** A private copy of the current projection. */
  checkpoint(): ProjectionCheckpoint {
    return { state: structuredClone(this.current), lastKey: this.last, count: this.folded };
  }

  /** The current projection without copying it, for a caller that serialises it at once. */
  checkpointView(): Readonly<ProjectionCheckpoint> {
    return { state: this.current, lastKey: this.last, count: this.folded };
  }

  /** Fold entries already stored in the source. */
  add(entries: Iterable<FoldEntry>): void {
    let earliestLate: OrderKey | null = null;
    for (const entry of entries) {
      const key = orderKeyOf(entry.header);
      if (earliestLate !== null) {
        if (compareOrder(key, earliestLate) < 0) earliestLate = key;
      } else if (this.last === null || compareOrder(key, this.last) > 0) {
        this.applyAtTail(entry, key);
      } else {
        earliestLate = key;
      }
    }
    if (earliestLate !== null) this.rewindTo(earliestLate);
  }

  /**
   * Apply one new local entry, which sorts after everything folded. Returns
   * the fold's verdict; the caller decides whether to keep the entry and, if
   * not, calls forget() to undo.
   */
  applyLocal(entry: FoldEntry): FoldOutcome {
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
    this.rewindTo(key);
  }

  /** Record equivocation evidence: that author's entries from seq on stop applying. */
  markEquivocation(author: string, seq: number, firstAffected: OrderKey | null): void {
    const known = this.current.equivocations[author];
    if (known !== undefined && known <= seq) return;
    this.current.equivocations[author] = seq;
    if (firstAffected !== null && this.last !== null && compareOrder(firstAffected, this.last) <= 0) {
      this.rewindTo(firstAffected);
    }
  }

  /** Throw everything away and fold the whole source again. */
  refold(): void {
    const equivocations = this.current.equivocations;
    this.current = emptyState();
    this.current.equivocations = { ...equivocations };
    this.last = null;
    this.folded = 0;
    this.snapshots = [];
    this.replay();
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
    let base: Snapshot | undefined;
    while (this.snapshots.length > 0) {
      const s = this.snapshots[this.snapshots.length - 1]!;
      if (s.lastKey === null || compareOrder(s.lastKey, key) < 0) {
        base = s;
        break;
      }
      this.snapshots.pop();
    }
    if (base === undefined) {
      this.refold();
      return;
    }
    // Evidence is not part of the history being replayed: it applies from the start.
    const equivocations = this.current.equivocations;
    this.current = base.copy();
    this.current.equivocations = { ...equivocations };
    this.last = base.lastKey;
    this.folded = base.count;
    this.replay();
  }

  private replay(): void {
    this.sinceSnapshot = 0;
    for (const entry of this.source.entriesAfter(this.last)) {
      applyEntry(this.current, entry, this.hasher);
      this.last = orderKeyOf(entry.header);
      this.folded += 1;
    }
    this.takeSnapshot();
  }
}
