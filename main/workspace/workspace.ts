import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JsonValue } from '../../shared/canonical';
import type { Clock } from '../../shared/clock';
import type { CryptoSuite, Entry, Signer, WireEntry } from '../../shared/journal';
import { orderKeyOf } from '../../shared/journal';
import { type BodyInput, type EntryDraft, type KindName, workspaceIdOf, GenesisBody, RedactBody } from '../../shared/entries';
import { Projector, stateHash, type WorkspaceState } from '../../shared/state';
import { nodeCrypto } from '../crypto';
import { JournalStore, loadCheckpoint, saveCheckpoint, type ImportResult } from '../journal';
import { EntryRefusedError, WorkspaceError } from './errors';
import { JOURNAL_FILE } from './paths';


/** Save the projection after this many new entries, so a crash costs a short catch-up at most. */
const CHECKPOINT_EVERY = 10_000;

/**
 * A workspace: one journal plus its projection. The composition point of the
 * journal store, the fold and the device's signer.
 */
export class Workspace {
  private sinceCheckpoint = 0;

  private constructor(
    readonly dir: string,
    readonly id: string,
    readonly store: JournalStore,
    private readonly projector: Projector,
    private readonly clock: Clock,
    private readonly signer: Signer | null,
    private readonly crypto: CryptoSuite,
  ) {}

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
    const ws = new Workspace(opts.dir, id, store, new Projector(crypto, store), opts.clock, opts.signer, crypto);
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
    const evidence = store.equivocations();
    let cp = loadCheckpoint(store.db);
    // Evidence that arrived after the checkpoint can change any part of the fold.
    if (cp !== null && cp.equivocations !== evidence.length) cp = null;
    const projector = new Projector(crypto, store, {}, cp ?? undefined);
    for (const e of evidence) projector.markEquivocation(e.author, e.seq, null);
    // Fold what was stored after the checkpoint (or everything, without one).
    if (cp === null) projector.refold();
    else projector.add(store.entriesAfterRowid(cp.maxRowid));
    const ws = new Workspace(opts.dir, id, store, projector, opts.clock, opts.signer ?? null, crypto);
    if (!opts.readonly) {
      ws.store.db.transaction(() => ws.deleteRedactedBodies(null))();
      if (cp === null || cp.maxRowid !== store.maxRowid()) ws.checkpoint();
    }
    return ws;
  }

  get name(): string {
    return this.state.workspace?.name ?? this.store.meta('name') ?? '';
  }

  get state(): Readonly<WorkspaceState> {
    return this.projector.state;
  }

  get me(): string | null {
    return this.signer?.publicKey ?? null;
  }

  stateHash(): string {
    return stateHash(this.crypto, this.projector.state);
  }

  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry {
    return this.appendMany([{ kind, body } as EntryDraft])[0]!;
  }

  /**
   * Sign, fold and store entries in one transaction. If the domain rules
   * refuse any of them, nothing is stored and EntryRefusedError says why.
   */
  appendMany(items: readonly EntryDraft[]): Entry[] {
    const signer = this.signer;
    if (signer === null) throw new WorkspaceError(this.dir, 'opened without a device identity; cannot sign');
    let first: Entry | null = null;
    try {
      const entries = this.store.db.transaction(() => {
        const out = this.store.append(this.id, signer, this.clock, items as ReadonlyArray<{ kind: string; body: JsonValue }>);
        for (const entry of out) {
          first ??= entry;
          const outcome = this.projector.applyLocal(entry);
          if (!outcome.applied) throw new EntryRefusedError(entry.header.kind, outcome.reason);
        }
        this.deleteRedactedBodies(out);
        return out;
      })();
      this.noteStored(entries.length);
      return entries;
    } catch (err) {
      // The transaction rolled back: fold again without what was not stored.
      if (first !== null) this.projector.forget(orderKeyOf((first as Entry).header));
      throw err;
    }
  }

  /** Verify and store entries from another peer or an export, then fold them. */
  import(wires: readonly WireEntry[]): ImportResult {
    const result = this.store.import(this.id, this.clock, wires);
    for (const e of result.equivocations) {
      const stored = this.store.get(e.stored);
      this.projector.markEquivocation(e.author, e.seq, stored ? orderKeyOf(stored.header) : null);
    }
    this.projector.add(result.stored);
    this.store.db.transaction(() => this.deleteRedactedBodies(result.stored))();
    this.noteStored(result.stored.length);
    return result;
  }

  /**
   * Delete the bodies the fold says are redacted: targets of newly accepted
   * redactions, and new entries that an earlier redaction already named. The
   * fold gives the same state with or without the bodies; this is about not
   * keeping data that was ordered deleted. null: sweep every redaction (on
   * open, in case a crash came between a fold and its deletion).
   */
  private deleteRedactedBodies(entries: readonly Entry[] | null): void {
    const redacted = this.projector.state.redacted;
    if (entries === null) {
      for (const [target, by] of Object.entries(redacted)) this.store.tombstone(target, by);
      return;
    }
    for (const e of entries) {
      if (Object.hasOwn(redacted, e.id)) this.store.tombstone(e.id, redacted[e.id]!);
      if (e.header.kind !== 'journal.redact') continue;
      const body = RedactBody.safeParse(e.body);
      if (body.success && redacted[body.data.target] === e.id) this.store.tombstone(body.data.target, e.id);
    }
  }

  /** Persist the projection so the next open does not refold the journal. */
  checkpoint(): void {
    saveCheckpoint(this.store.db, this.projector.checkpointView(), this.store.maxRowid(), this.store.equivocations().length);
    this.sinceCheckpoint = 0;
  }

  close(): void {
    if (this.sinceCheckpoint > 0) this.checkpoint();
    this.store.close();
  }

  private noteStored(n: number): void {
    this.sinceCheckpoint += n;
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY) this.checkpoint();
  }
}
