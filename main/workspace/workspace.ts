import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JsonValue } from '../../shared/canonical';
import type { Clock } from '../../shared/clock';
import type { CryptoSuite, Entry, Signer, WireEntry } from '../../shared/journal';
import { orderKeyOf, type OrderKey } from '../../shared/journal';
import { type BodyInput, type EntryDraft, type KindName, workspaceIdOf, GenesisBody } from '../../shared/entries';
import { Projector, type RosterView, type WorkspaceState } from '../../shared/state';
import { nodeCrypto } from '../crypto';
import { JournalStore, StaleAppendError, type ImportResult } from '../journal';
import { EntryRefusedError, WorkspaceError } from './errors';
import { JOURNAL_FILE } from './paths';
import { ProjectionCheckpoints } from './projectionCheckpoints';
import { deleteRedactedBodies } from './redactedBodies';

/** Below this many entries, starting the signing workers costs more than it saves. */
const PARALLEL_APPEND_MIN = 256;

/**
 * A workspace: one journal plus its projection. The composition point of the
 * journal store, the fold and the device's signer.
 */
export class Workspace {
  private readonly checkpoints: ProjectionCheckpoints;
  /**
   * The highest journal rowid this projection has folded. Other processes
   * (the CLI beside a running app) may store rows this process has not seen;
   * checkpoints and catch-up go by this, never by the table's maximum.
   */
  private foldedRowid = 0;
  private knownEvidence = 0;
  private bulkQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly id: string,
    readonly store: JournalStore,
    private readonly projector: Projector,
    readonly clock: Clock,
    private readonly signer: Signer | null,
    checkpoints?: ProjectionCheckpoints,
  ) {
    this.checkpoints = checkpoints ?? ProjectionCheckpoints.fresh(store, projector);
  }

  static create(opts: { dir: string; name: string; creatorName: string; signer: Signer; clock: Clock; crypto?: CryptoSuite }): Workspace {
    const crypto = opts.crypto ?? nodeCrypto;
    const file = join(opts.dir, JOURNAL_FILE);
    if (existsSync(file)) throw new WorkspaceError(opts.dir, 'already holds a journal; open it instead');
    mkdirSync(opts.dir, { recursive: true });
    const genesis: GenesisBody = GenesisBody.parse({
      name: opts.name,
      creator: opts.signer.publicKey,
      creatorName: opts.creatorName,
      nonce: randomBytes(16).toString('hex'),
      createdAt: opts.clock.now(),
    });
    const id = workspaceIdOf(crypto, genesis);
    const store = JournalStore.open(file, crypto, { create: true });
    store.setMeta('workspace', id);
    store.setMeta('name', opts.name);
    const ws = new Workspace(opts.dir, id, store, new Projector(crypto, store), opts.clock, opts.signer);
    ws.append('workspace.genesis', genesis);
    return ws;
  }

  static open(opts: { dir: string; clock: Clock; signer?: Signer | null; crypto?: CryptoSuite; readonly?: boolean }): Workspace {
    const crypto = opts.crypto ?? nodeCrypto;
    const file = join(opts.dir, JOURNAL_FILE);
    if (!existsSync(file)) throw new WorkspaceError(opts.dir, `no journal here (${JOURNAL_FILE}); create one with \`commandpost init\``);
    const store = JournalStore.open(file, crypto, { create: false, readonly: opts.readonly ?? false });
    const id = store.meta('workspace');
    if (id === null) {
      store.close();
      throw new WorkspaceError(opts.dir, 'journal has no workspace id');
    }
    const { checkpoints, opened } = ProjectionCheckpoints.open(store, crypto);
    const ws = new Workspace(opts.dir, id, store, opened.projector, opts.clock, opts.signer ?? null, checkpoints);
    ws.foldedRowid = opened.folded;
    ws.knownEvidence = opened.evidence;
    if (!opts.readonly) {
      ws.store.db.transaction(() => ws.deleteRedactedBodies(null))();
      if (!opened.current) ws.checkpoint();
    }
    return ws;
  }

  get name(): string {
    return this.state.workspace?.name ?? this.store.meta('name') ?? '';
  }

  /** The projection, every stored entry folded (imports that were left waiting are folded first). */
  get state(): Readonly<WorkspaceState> {
    return this.projector.state;
  }

  /**
   * Members, genesis and redactions, without folding what imports left
   * waiting: exact all the same (see ROSTER_KINDS), and cheap enough for
   * sync to consult on every batch a peer sends.
   */
  get roster(): RosterView {
    return this.projector.roster;
  }

  /** Whether imported entries wait to be folded (see import); reading the state folds them. */
  get foldPending(): boolean {
    return this.projector.unsettled;
  }

  get me(): string | null {
    return this.signer?.publicKey ?? null;
  }

  /** The state hash, kept up to date by the projector (not recomputed over the state). */
  stateHash(): string {
    return this.projector.stateHash();
  }

  /** Where the projection stands: its last entry in the total order and how many it folded (clients fold live entries onto this). */
  get position(): { lastKey: OrderKey | null; count: number } {
    return { lastKey: this.projector.lastKey, count: this.projector.count };
  }

  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry {
    return this.appendMany([{ kind, body } as EntryDraft])[0]!;
  }

  /**
   * Sign, fold and store entries in one transaction. If the domain rules
   * refuse any of them, nothing is stored and EntryRefusedError says why.
   */
  appendMany(items: readonly EntryDraft[]): Entry[] {
    const signer = this.requireSigner();
    return this.commit(() => this.store.append(this.id, signer, this.clock, items as ReadonlyArray<{ kind: string; body: JsonValue }>));
  }

  /**
   * appendMany for bulk work (imports, demo loads, replays): the entries are
   * signed on all cores while nothing is locked, then committed in one
   * transaction. Same guarantees as appendMany; small batches just use it.
   */
  async appendManyParallel(items: readonly EntryDraft[]): Promise<Entry[]> {
    const signer = this.requireSigner();
    if (signer.signMany === undefined || items.length < PARALLEL_APPEND_MIN) return this.appendMany(items);
    const signMany = signer.signMany.bind(signer);
    // One bulk append at a time: a second would only find the first's plan stale.
    const run = this.bulkQueue.then(async () => {
      for (let attempt = 1; ; attempt++) {
        const plan = this.store.planAppend(this.id, signer.publicKey, this.clock, items as ReadonlyArray<{ kind: string; body: JsonValue }>);
        const signatures = await signMany(plan.prepared.map((p) => p.headerBytes));
        try {
          return this.commit(() => this.store.commitPlan(plan, signatures));
        } catch (err) {
          if (!(err instanceof StaleAppendError) || attempt >= 5) throw err;
        }
      }
    });
    this.bulkQueue = run.catch(() => undefined);
    return run;
  }

  private requireSigner(): Signer {
    if (this.signer === null) throw new WorkspaceError(this.dir, 'opened without a device identity; cannot sign');
    return this.signer;
  }

  /** Store entries (made by `write` inside the transaction), fold them, and undo the fold if anything fails. */
  private commit(write: () => Entry[]): Entry[] {
    let first: Entry | null = null;
    try {
      // IMMEDIATE: take the write lock first, then fold what others stored, so our entries sort last.
      const entries = this.store.db
        .transaction(() => {
          this.foldNewRows();
          // Before writing: a replay after it would fold our new rows too, before applyLocal does.
          this.projector.settle();
          const out = write();
          for (const entry of out) {
            first ??= entry;
            const outcome = this.projector.applyLocal(entry);
            if (!outcome.applied) throw new EntryRefusedError(entry.header.kind, outcome.reason);
          }
          this.deleteRedactedBodies(out);
          this.foldedRowid = this.store.maxRowid();
          return out;
        })
        .immediate();
      this.noteStored(entries.length);
      return entries;
    } catch (err) {
      // The transaction rolled back: fold again without what was not stored.
      if (first !== null) this.projector.forget(orderKeyOf((first as Entry).header));
      throw err;
    }
  }

  /**
   * Verify and store entries from another peer or an export, then fold them.
   * Entries sorting before ones already folded (a peer catching up after an
   * outage) are folded when the state is next read, or at settle(): a
   * catch-up of many batches then replays the local entries after them once,
   * not once per batch. They are durable either way; a checkpoint never
   * claims them before they are folded.
   */
  import(wires: readonly WireEntry[]): ImportResult {
    const result = this.store.db
      .transaction(() => {
        this.foldNewRows();
        const result = this.store.import(this.id, this.clock, wires);
        this.foldEvidence();
        this.projector.defer(result.stored);
        this.deleteRedactedBodies(result.stored);
        this.foldedRowid = this.store.maxRowid();
        return result;
      })
      .immediate();
    this.noteStored(result.stored.length);
    return result;
  }

  /**
   * Fold entries other processes stored since this projection last looked
   * (e.g. the CLI writing while the app runs). Returns the entries folded.
   */
  catchUp(): Entry[] {
    return this.store.db.transaction(() => this.foldNewRows())();
  }

  /**
   * Fold what imports left waiting now (the sync layer calls this when a
   * peer's catch-up is complete), and checkpoint if one is due.
   */
  settle(): void {
    if (!this.projector.unsettled) return;
    this.store.db.transaction(() => this.projector.settle())();
    this.noteStored(0);
  }

  private foldNewRows(): Entry[] {
    this.foldEvidence();
    const rows = [...this.store.entriesAfterRowid(this.foldedRowid)];
    if (rows.length === 0) return [];
    this.projector.defer(rows);
    this.foldedRowid = rows[rows.length - 1]!.rowid;
    return rows;
  }

  private foldEvidence(): void {
    const evidence = this.store.equivocations();
    if (evidence.length === this.knownEvidence) return;
    for (const e of evidence) {
      const stored = this.store.get(e.stored);
      this.projector.markEquivocation(e.author, e.seq, stored ? orderKeyOf(stored.header) : null);
    }
    this.knownEvidence = evidence.length;
  }

  private deleteRedactedBodies(entries: readonly Entry[] | null): void {
    deleteRedactedBodies(this.store, this.projector.roster.redacted, entries);
  }

  /** Persist the projection so the next open does not refold the journal. */
  checkpoint(): void {
    this.checkpoints.save(this.foldedRowid, this.knownEvidence);
  }

  close(): void {
    if (this.checkpoints.pending) this.checkpoint();
    this.store.close();
  }

  private noteStored(n: number): void {
    this.checkpoints.noteStored(n, this.foldedRowid, this.knownEvidence);
  }
}
