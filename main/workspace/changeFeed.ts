import type { ProjectionBase, StateChangedEvent, TimelineEntry } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import type { EntryDraft } from '../../shared/entries';
import type { Entry, Signer, WireEntry } from '../../shared/journal';
import { orderKeyOf, compareOrder, type OrderKey } from '../../shared/journal';
import { MAX_FRAME_BYTES } from '../../shared/api';
import type { ImportResult } from '../journal';
import { Workspace } from '.';
import { nodeScheduler, type Scheduler } from '../clock';
import { toTimelineEntry } from './timelineEntry';

/** How often the journal file is checked for rows another process wrote. */
export const POLL_MS = 200;

/** Room for an event's own fields when a big batch is split to stay under MAX_FRAME_BYTES. */
const EVENT_OVERHEAD_BYTES = 64 * 1024;

export class WorkspaceBusyError extends Error {
  constructor(attempts: number) {
    super(`other processes kept appending to the journal; gave up after ${attempts} attempts, try again`);
    this.name = 'WorkspaceBusyError';
  }
}

export interface ChangeFeedOptions {
  dir: string;
  clock: Clock;
  signer: Signer;
  scheduler?: Scheduler;
  /** Failures of background polls (a locked or damaged file); the feed keeps polling. */
  onError?: (err: Error) => void;
}

type Listener = (event: StateChangedEvent) => void;

/**
 * The host's live view of one workspace and the source of state:changed
 * events, whoever wrote the change: this process (through append) or another
 * process on the same SQLite file (the CLI, a second host), or a sync peer
 * (through import, which marks the rows as this process's own).
 *
 * Rows another process stored are folded by reopening the workspace: open
 * loads the persisted checkpoint and folds only rows after it, so a reopen
 * costs milliseconds, not a refold of the journal. Until that reopen the
 * in-memory projection is stale, so the feed never checkpoints it, and it
 * appends only inside an IMMEDIATE transaction that first checks no foreign
 * row arrived (otherwise the new entry would be folded onto a stale state).
 */
export class ChangeFeed {
  private ws: Workspace;
  /** Highest rowid already reported (and folded by `ws`). */
  private seen: number;
  /** Ids this process appended and has not reported yet: not a reason to reopen. */
  private readonly own = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly scheduler: Scheduler;
  private stopTimer: (() => void) | null = null;
  private reopenCount = 0;
  private closed = false;
  private hashCache: { ws: Workspace; key: number; hash: string } | null = null;
  /** The host's projection as the last event left it: the base of the next one. */
  private tip: ProjectionBase;
  /** Equivocation evidence rows as of the last event; more means the fold changed beyond the entries reported. */
  private evidence: number;
  /** A reopen since the last event: the projection was rebuilt from the file, clients fetch a snapshot. */
  private reopenedSinceEmit = false;

  private constructor(
    private readonly opts: ChangeFeedOptions,
    ws: Workspace,
  ) {
    this.ws = ws;
    this.seen = foldedRowid(ws);
    this.scheduler = opts.scheduler ?? nodeScheduler;
    this.tip = ws.position;
    this.evidence = evidenceRows(ws);
  }

  static open(opts: ChangeFeedOptions): ChangeFeed {
    const ws = Workspace.open({ dir: opts.dir, clock: opts.clock, signer: opts.signer });
    return new ChangeFeed(opts, ws);
  }

  /** The current workspace; replaced when another process wrote to the journal. */
  get workspace(): Workspace {
    return this.ws;
  }

  /** How many times rows from another process made the feed reopen the workspace. */
  get reopens(): number {
    return this.reopenCount;
  }

  start(): void {
    this.stopTimer ??= this.scheduler.every(POLL_MS, () => this.pollSafely());
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sign and store one entry as this device; state:changed follows on the next turn. */
  append(draft: EntryDraft): Entry {
    return this.appendMany([draft])[0]!;
  }

  /** Sign and store entries as this device in one transaction: all of them or none. */
  appendMany(drafts: readonly EntryDraft[]): Entry[] {
    const attempts = 5;
    for (let i = 0; i < attempts; i++) {
      this.poll();
      const ws = this.ws;
      const stored = ws.store.db.transaction(() => (ws.store.maxRowid() === this.seen ? ws.appendMany(drafts) : null)).immediate();
      if (stored !== null) {
        for (const e of stored) this.own.add(e.id);
        this.scheduler.soon(() => this.pollSafely());
        return stored;
      }
    }
    throw new WorkspaceBusyError(attempts);
  }

  /**
   * Verify and store entries a peer sent. Like append, the rows are this
   * process's own: the workspace folded them as it stored them, so they need
   * no reopen, only the state:changed that follows on the next turn.
   */
  import(wires: readonly WireEntry[]): ImportResult {
    const result = this.ws.import(wires);
    for (const e of result.stored) this.own.add(e.id);
    if (result.stored.length > 0) this.scheduler.soon(() => this.pollSafely());
    return result;
  }

  /** Notice rows stored since the last call, fold them if another process wrote them, and tell the listeners. */
  poll(): void {
    if (this.closed) return;
    if (this.ws.store.maxRowid() <= this.seen) return;
    let rows = [...this.ws.store.entriesAfterRowid(this.seen)];
    if (rows.some((r) => !this.own.has(r.id))) {
      const folded = this.reopen();
      // Report exactly what the reopened workspace folded; later rows wait for the next poll.
      rows = [...this.ws.store.entriesAfterRowid(this.seen)].filter((r) => r.rowid <= folded);
    }
    if (rows.length === 0) return;
    this.seen = rows[rows.length - 1]!.rowid;
    for (const r of rows) this.own.delete(r.id);
    this.emit(rows);
  }

  /** Stop polling, checkpoint the projection if it is current, and close the journal. */
  close(): void {
    if (this.closed) return;
    this.stopTimer?.();
    this.stopTimer = null;
    try {
      this.poll();
    } catch (err) {
      this.opts.onError?.(err as Error);
    }
    this.closed = true;
    const ws = this.ws;
    try {
      // Only a projection that has folded every stored row may become the checkpoint.
      ws.store.db
        .transaction(() => {
          if (ws.store.maxRowid() === this.seen) ws.checkpoint();
        })
        .immediate();
    } finally {
      ws.store.close();
    }
  }

  /** Open the workspace afresh; returns the highest rowid its projection has folded. */
  private reopen(): number {
    const stale = this.ws;
    const fresh = Workspace.open({ dir: this.opts.dir, clock: this.opts.clock, signer: this.opts.signer });
    this.ws = fresh;
    this.reopenCount += 1;
    this.reopenedSinceEmit = true;
    // Not stale.close(): that would checkpoint a projection missing the other process's rows.
    stale.store.close();
    return foldedRowid(fresh);
  }

  /**
   * The state hash, computed once per change: hashing is O(state), and an append
   * needs it twice (its result and the event). Entries are the only thing that
   * changes the host's projection, so (workspace, highest rowid) identifies a state.
   */
  stateHash(): string {
    const key = this.ws.store.maxRowid();
    if (this.hashCache?.ws !== this.ws || this.hashCache.key !== key) this.hashCache = { ws: this.ws, key, hash: this.ws.stateHash() };
    return this.hashCache.hash;
  }

  private pollSafely(): void {
    try {
      this.poll();
    } catch (err) {
      this.opts.onError?.(err as Error);
    }
  }

  /**
   * Tell the listeners what was stored: the entries in total order and the
   * base they fold onto, so clients fold them onto their own copy instead of
   * fetching the whole projection. A change too big for one frame goes out
   * as several events, each based on where the previous one left off.
   */
  private emit(rows: readonly Entry[]): void {
    const state = this.ws.state;
    const added: TimelineEntry[] = [...rows].sort((a, b) => compareOrder(orderKeyOf(a.header), orderKeyOf(b.header))).map((e) => toTimelineEntry(state, e));
    const stateHash = this.stateHash();
    const entries = this.ws.store.count();
    const evidence = evidenceRows(this.ws);
    const resync = this.reopenedSinceEmit ? 'reopened' : evidence !== this.evidence ? 'evidence' : null;
    const batches = framedBatches(added);
    let base = this.tip;
    this.tip = this.ws.position;
    this.evidence = evidence;
    this.reopenedSinceEmit = false;
    batches.forEach((batch, i) => {
      const event: StateChangedEvent = { type: 'state:changed', stateHash, entries, added: batch, base, resync, more: i < batches.length - 1 };
      base = { lastKey: laterKey(base.lastKey, batch), count: base.count + batch.length };
      for (const listener of this.listeners) listener(event);
    });
  }
}

/** The later of `key` and the last (in total order) of `sorted`. */
function laterKey(key: OrderKey | null, sorted: readonly TimelineEntry[]): OrderKey | null {
  const last = sorted[sorted.length - 1];
  if (last === undefined) return key;
  const lastKey = orderKeyOf(last.header);
  return key === null || compareOrder(lastKey, key) > 0 ? lastKey : key;
}

function evidenceRows(ws: Workspace): number {
  return (ws.store.db.prepare('SELECT count(*) AS n FROM equivocations').get() as { n: number }).n;
}

/**
 * The highest rowid a freshly opened workspace has folded: a writable open
 * leaves the checkpoint at exactly that. (Reads only the rowid; loadCheckpoint
 * would parse the whole saved state again.)
 */
function foldedRowid(ws: Workspace): number {
  const row = ws.store.db.prepare('SELECT max_rowid AS n FROM checkpoint WHERE id = 1').get() as { n: number } | undefined;
  return row?.n ?? ws.store.maxRowid();
}

/** Split entries into batches whose JSON fits one frame (one entry's body is at most 1 MiB). */
function framedBatches(entries: readonly TimelineEntry[]): TimelineEntry[][] {
  const budget = MAX_FRAME_BYTES - EVENT_OVERHEAD_BYTES;
  const batches: TimelineEntry[][] = [[]];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
    const current = batches[batches.length - 1]!;
    if (current.length > 0 && bytes + size > budget) {
      batches.push([entry]);
      bytes = size;
    } else {
      current.push(entry);
      bytes += size;
    }
  }
  return batches;
}
