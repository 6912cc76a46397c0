import type { CryptoSuite } from '../../shared/journal';
import { Projector } from '../../shared/state';
import { loadCheckpoint, saveCheckpoint, type CheckpointHead, type JournalStore } from '../journal';

/**
 * Save the projection after this many new entries, so a crash costs a
 * bounded catch-up on the next open. A checkpoint writes only the items
 * changed since the last one, so this no longer grows with the journal.
 */
const CHECKPOINT_EVERY = 10_000;

export interface OpenedProjection {
  projector: Projector;
  /** The highest rowid folded. */
  folded: number;
  /** Equivocation evidence rows folded. */
  evidence: number;
  /** Whether the persisted checkpoint already covers every row. */
  current: boolean;
}

/**
 * The persisted side of a workspace's projection: loading it on open, and
 * writing checkpoints as entries are stored (the when and the what; the
 * how is main/journal/checkpointStore.ts).
 */
export class ProjectionCheckpoints {
  private sinceCheckpoint = 0;

  private constructor(
    private readonly store: JournalStore,
    private readonly projector: Projector,
    /** The checkpoint head this process read or wrote last: incremental writes go on top of exactly that. */
    private head: CheckpointHead | null,
  ) {}

  static fresh(store: JournalStore, projector: Projector): ProjectionCheckpoints {
    return new ProjectionCheckpoints(store, projector, null);
  }

  /** Build the projection from the checkpoint, folding what was stored after it (or everything, without one). */
  static open(store: JournalStore, crypto: CryptoSuite): { checkpoints: ProjectionCheckpoints; opened: OpenedProjection } {
    // One read transaction: a consistent snapshot even while another process appends.
    return store.db.transaction(() => {
      const evidence = store.equivocations();
      let cp = loadCheckpoint(store.db);
      // Evidence that arrived after the checkpoint can change any part of the fold.
      if (cp !== null && cp.equivocations !== evidence.length) cp = null;
      const projector = new Projector(crypto, store, {}, cp ?? undefined);
      for (const e of evidence) projector.markEquivocation(e.author, e.seq, null);
      const folded = store.maxRowid();
      if (cp === null) projector.refold();
      else projector.add(store.entriesAfterRowid(cp.maxRowid));
      const head = cp === null ? null : { maxRowid: cp.maxRowid, sum: cp.sum };
      return {
        checkpoints: new ProjectionCheckpoints(store, projector, head),
        opened: { projector, folded, evidence: evidence.length, current: cp !== null && cp.maxRowid === folded },
      };
    })();
  }

  /** Persist the projection as folded up to `foldedRowid`, so the next open does not refold the journal. */
  save(foldedRowid: number, evidence: number): void {
    const view = this.projector.checkpointView();
    const changes = this.projector.takeChanges();
    try {
      this.head = saveCheckpoint(this.store.db, { view, changes, maxRowid: foldedRowid, equivocations: evidence, expected: this.head });
    } catch (err) {
      // What was taken is not written: the next checkpoint writes everything.
      this.projector.checkpointFailed();
      this.head = null;
      throw err;
    }
    this.sinceCheckpoint = 0;
  }

  /** Entries were stored (n may be 0 after a settle): checkpoint if one is due. */
  noteStored(n: number, foldedRowid: number, evidence: number): void {
    this.sinceCheckpoint += n;
    // Not while imports wait to be folded: checkpointing would fold them now, once per batch. settle() comes back here.
    if (this.projector.unsettled) return;
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY) this.save(foldedRowid, evidence);
  }

  /** Whether entries were stored since the last checkpoint. */
  get pending(): boolean {
    return this.sinceCheckpoint > 0;
  }
}
