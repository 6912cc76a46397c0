import type { ProjectionBase, StateChangedEvent, StateSnapshot } from '../../shared/api';
import { RedactBody } from '../../shared/entries';
import type { Hasher } from '../../shared/journal';
import { compareOrder, orderKeyOf, type OrderKey } from '../../shared/journal';
import { Projector, type EntrySource, type FoldEntry, type WorkspaceState } from '../../shared/state';
import { publishChanges } from './publishedState';

// The renderer's own copy of the host's projection, kept by folding the
// entries each state:changed event carries with the same pure fold the host
// runs (shared/state Projector). Entries received since the snapshot are kept
// in memory as the projector's source, so a late arrival that sorts among
// them rewinds and replays here, as it does on the host. What this copy
// cannot do (an entry sorting before the snapshot, a gap in the events, a
// host that rebuilt its projection) it reports, and the store fetches a new
// snapshot.

/** Entries received since the snapshot are kept up to this many; then the current state becomes the new origin. */
const KEEP_ENTRIES = 20_000;

export type Verdict =
  | { kind: 'applied'; rewound: boolean }
  /** Already folded (an event the snapshot fetched during its flight already holds). */
  | { kind: 'stale' }
  | { kind: 'snapshot'; reason: SnapshotReason };

export type SnapshotReason = 'gap' | 'resync' | 'before-snapshot';

/** The entries received since the snapshot, in total order: the projector's source. */
class ReceivedEntries implements EntrySource {
  readonly entries: FoldEntry[] = [];

  *entriesAfter(key: OrderKey | null): Iterable<FoldEntry> {
    for (let i = key === null ? 0 : this.firstAfter(key); i < this.entries.length; i++) yield this.entries[i]!;
  }

  insert(entry: FoldEntry): void {
    const key = orderKeyOf(entry.header);
    const last = this.entries[this.entries.length - 1];
    // Nearly always at the tail; a late arrival goes to its place.
    if (last === undefined || compareOrder(orderKeyOf(last.header), key) < 0) this.entries.push(entry);
    else this.entries.splice(this.firstAfter(key), 0, entry);
  }

  /** The host deleted a redacted entry's body: fold it as the tombstone the host's store now gives. */
  tombstone(target: string, by: string): void {
    const i = this.entries.findIndex((e) => e.id === target);
    const entry = this.entries[i];
    if (entry !== undefined) this.entries[i] = { ...entry, body: null, redactedBy: by };
  }

  private firstAfter(key: OrderKey): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOrder(orderKeyOf(this.entries[mid]!.header), key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function sameKey(a: OrderKey | null, b: OrderKey | null): boolean {
  return a === null || b === null ? a === b : compareOrder(a, b) === 0;
}

export class LiveProjection {
  private received = new ReceivedEntries();
  private projector: Projector;
  /** The snapshot's last entry: entries sorting at or before it cannot be replayed here. */
  private origin: OrderKey | null;
  /** Nothing published from this projector yet. */
  private fresh = true;

  constructor(
    private readonly hasher: Hasher,
    snapshot: Pick<StateSnapshot, 'state' | 'lastKey' | 'count' | 'stateHash'>,
    private readonly keepEntries = KEEP_ENTRIES,
  ) {
    this.origin = snapshot.lastKey;
    // The host's hash of the snapshot seeds the projector's running hash: computing it here over the
    // whole state would cost a second or so of the page's main thread at a thousand services.
    const from = { state: snapshot.state, lastKey: snapshot.lastKey, count: snapshot.count, sum: snapshot.stateHash };
    this.projector = new Projector(hasher, this.received, {}, from);
  }

  /** The projection, folded in place: React gets publish()'s copy instead. */
  get state(): Readonly<WorkspaceState> {
    return this.projector.state;
  }

  get position(): ProjectionBase {
    return { lastKey: this.projector.lastKey, count: this.projector.count };
  }

  /** The projection as React may hold it, sharing `prev`'s records that did not change since the last call. */
  publish(prev: WorkspaceState | null): WorkspaceState {
    const changes = this.projector.takeChanges();
    // A projector started from a snapshot reports changes since then only: the first copy is a whole one.
    const whole = this.fresh;
    this.fresh = false;
    return publishChanges(prev, this.projector.state, whole ? { all: true } : changes);
  }

  /**
   * The state hash: the renderer's one place for it. The projector keeps it
   * up to date entry by entry (shared/state stateHash.ts); recomputing it
   * over a thousand-service state, stateHash(hasher, state), took a few
   * hundred milliseconds of the page's main thread per change.
   */
  stateHash(): string {
    return this.projector.stateHash();
  }

  /** Fold the event's entries if they continue this projection; otherwise say why a snapshot is needed. Changes nothing then. */
  apply(event: StateChangedEvent): Verdict {
    const here = this.position;
    if (event.resync !== null) return { kind: 'snapshot', reason: 'resync' };
    if (event.base.count + event.added.length <= here.count && event.base.count < here.count) return { kind: 'stale' };
    if (event.base.count !== here.count || !sameKey(event.base.lastKey, here.lastKey)) return { kind: 'snapshot', reason: 'gap' };
    const origin = this.origin;
    if (origin !== null && event.added.some((e) => compareOrder(orderKeyOf(e.header), origin) <= 0)) return { kind: 'snapshot', reason: 'before-snapshot' };
    const rewindsBefore = this.projector.rewindCount;
    for (const entry of event.added) this.received.insert({ id: entry.id, header: entry.header, body: entry.body, redactedBy: entry.redactedBy });
    // The host's store deletes the body of an entry whose redaction its fold accepted; a replay here must see the same.
    for (const entry of event.added) {
      if (entry.header.kind !== 'journal.redact' || entry.rejected !== null) continue;
      const body = RedactBody.safeParse(entry.body);
      if (body.success) this.received.tombstone(body.data.target, entry.id);
    }
    this.projector.add(event.added);
    const rewound = this.projector.rewindCount !== rewindsBefore;
    if (this.received.entries.length > this.keepEntries) this.rebase();
    return { kind: 'applied', rewound };
  }

  /** Start over from the current state: the entries kept so far are dropped, and late arrivals before here need a snapshot. */
  private rebase(): void {
    const checkpoint = this.projector.checkpoint();
    this.received = new ReceivedEntries();
    this.origin = checkpoint.lastKey;
    this.projector = new Projector(this.hasher, this.received, {}, checkpoint);
    this.fresh = true;
  }
}
