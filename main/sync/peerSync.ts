import type { FederationStatus, SyncChangedEvent, SyncStatus } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import { describeSyncEvent, type SyncEvent } from './events';
import { Reconnector } from './reconnect';
import { SyncNode } from './syncNode';
import { WorkspaceJournal } from './workspaceJournal';
import { wsDialer } from './connect';
import { peerStatus, syncStatus, type PeerLink } from './peerStatus';
import { nodeTimers, type Timers, systemRandom } from '../clock';
import type { Workspace } from '../workspace';
import type { ImportSink } from './workspaceJournal';
import { ExercisePartitions } from './exercisePartitions';
import { parsePeerUrl, PeerStore, type PeerReport } from './peerStore';

// A host's side of peer sync: one SyncNode over the host's workspace (the
// change feed owns it, so rows a peer sends are folded in place, and rows
// the CLI writes reach the peers) and a Reconnector per listed peer, kept in
// step with the peers table and an exercise's partitions. The status the UI
// and `commandpost peer list` show is computed in peerStatus.ts.

/**
 * The host's change feed as peer sync uses it: the workspace it holds open
 * (it may swap it for a reopened one), its import path (so the feed knows the
 * rows are its own) and its "something was stored" signal.
 */
export interface PeerSyncFeed extends ImportSink {
  readonly workspace: Workspace;
  onChange(listener: () => void): () => void;
}

export interface PeerSyncOptions {
  feed: PeerSyncFeed;
  signer: Signer;
  clock: Clock;
  log: (line: string) => void;
  timers?: Timers;
  /** [0, 1), for the reconnect jitter. */
  random?: () => number;
  /** How often the peers table is read again (the CLI edits it) and status recomputed. */
  tickMs?: number;
}

/** Status rows are written at least this often, so `peer list` can tell a running host from a stopped one. */
export const PEER_STATUS_PERSIST_MS = 3_000;
const MAX_ALERTS = 20;
/** Events worth a line in the host's log; the rest (every batch stored) would drown it. */
const LOGGED: ReadonlySet<SyncEvent['type']> = new Set(['authenticated', 'equivocation', 'refused', 'rejected', 'remote-error', 'closed']);

export class PeerSync {
  readonly journal: WorkspaceJournal;
  readonly node: SyncNode;
  /** Where peers reach this host (set once it listens), with the workspace id so it doubles as the join URL. */
  syncUrl: string | null = null;
  /** This relay's federation with other rooms (main/federation), shown beside the peers. */
  federation: { status(): FederationStatus } | null = null;
  private readonly links = new Map<string, PeerLink>();
  private readonly listeners = new Set<(event: SyncChangedEvent) => void>();
  private readonly timers: Timers;
  private readonly unsubscribe: () => void;
  private published = '';
  private persisted = '';
  private persistedAt = 0;
  private stopTick: (() => void) | null = null;
  private closed = false;
  private readonly partitions: ExercisePartitions;
  /** The partitions in force when last enforced. */
  private partitionKey = '';

  constructor(private readonly opts: PeerSyncOptions) {
    const feed = opts.feed;
    this.timers = opts.timers ?? nodeTimers;
    this.journal = new WorkspaceJournal(() => feed.workspace, feed);
    this.partitions = new ExercisePartitions({ state: () => feed.workspace.state, me: opts.signer.publicKey, clock: opts.clock });
    this.node = new SyncNode({
      journal: this.journal,
      signer: opts.signer,
      clock: opts.clock,
      timers: this.timers,
      // Relays too: entries are held back from a peer their author is partitioned from.
      mayForward: (peer, author) => this.partitions.mayForward(peer, author),
    });
    // Whatever the feed reports (our appends, the CLI's, a peer's) may be news for the other peers.
    const offFeed = feed.onChange(() => this.journal.notice());
    const offNode = this.node.onEvent((e) => this.onSyncEvent(e));
    this.unsubscribe = () => {
      offFeed();
      offNode();
    };
  }

  private get store(): PeerStore {
    return new PeerStore(this.opts.feed.workspace.store.db);
  }

  start(): void {
    if (this.stopTick !== null || this.closed) return;
    const tick = () => {
      this.refresh();
      this.stopTick = this.timers.setTimeout(tick, this.opts.tickMs ?? 1_000);
    };
    tick();
  }

  onChange(listener: (event: SyncChangedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addPeer(url: string, insecure: boolean): SyncStatus {
    this.store.add(parsePeerUrl(url, insecure), insecure, this.opts.clock.now());
    this.refresh();
    return this.status();
  }

  removePeer(url: string): SyncStatus {
    let normal = url;
    try {
      normal = parsePeerUrl(url, true);
    } catch {
      // Not a URL we could have stored in normal form: remove it as spelled.
    }
    this.store.remove(normal);
    this.refresh();
    return this.status();
  }

  status(): SyncStatus {
    return syncStatus({
      links: [...this.links.values()],
      sessions: this.node.sessions,
      ours: this.journal.versionVector(),
      now: this.opts.clock.now(),
      syncUrl: this.syncUrl,
      equivocations: this.opts.feed.workspace.store.equivocations().slice(-MAX_ALERTS),
      federation: this.federation?.status() ?? null,
    });
  }

  /** Stop dialling, close every session, stop listening to the feed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTick?.();
    for (const link of this.links.values()) link.reconnector?.stop();
    this.node.close();
    this.unsubscribe();
  }

  /** Follow the peers table, note what live sessions tell us, persist and publish. */
  private refresh(): void {
    if (this.closed) return;
    try {
      this.follow();
      this.enforcePartitions();
      this.observe();
      this.persist();
      this.publish();
    } catch (err) {
      this.opts.log(`commandpost serve: peer sync: ${(err as Error).message}`);
    }
  }

  private follow(): void {
    const rows = new Map(this.store.list().map((r) => [r.url, r]));
    for (const [url, link] of this.links) {
      const row = rows.get(url);
      if (row !== undefined && row.insecure === link.insecure) continue;
      link.reconnector?.stop();
      this.links.delete(url);
    }
    for (const row of rows.values()) if (!this.links.has(row.url)) this.dial(row.url, row.insecure, row);
  }

  private dial(url: string, insecure: boolean, known: PeerReport): void {
    const link: PeerLink = { url, insecure, reconnector: null, reason: null, device: known.device, lastSeen: known.lastSeen, peerVv: null, cut: null };
    this.links.set(url, link);
    let dial;
    try {
      dial = wsDialer(url, { insecure });
    } catch (err) {
      link.reason = (err as Error).message;
      return;
    }
    link.reconnector = new Reconnector({
      dial,
      attach: (l) => this.node.attach(l),
      timers: this.timers,
      random: this.opts.random ?? systemRandom,
      onRetry: (reason, delayMs) => {
        link.reason = `${reason} (next try in ${Math.ceil(delayMs / 1000)} s)`;
        this.refresh();
      },
    });
    link.reconnector.start();
  }

  private observe(): void {
    const now = this.opts.clock.now();
    for (const link of this.links.values()) {
      const session = link.reconnector?.session;
      if (session?.state !== 'live') continue;
      link.device = session.peer;
      link.lastSeen = now;
      link.reason = null;
      link.peerVv = { ...session.peerVersionVector };
    }
  }

  private persist(): void {
    const ours = this.journal.versionVector();
    const reports = new Map<string, PeerReport>([...this.links.values()].map((l) => [l.url, peerStatus(l, ours)]));
    const key = JSON.stringify([...reports].map(([url, r]) => [url, { ...r, lastSeen: null }]));
    const now = this.opts.clock.now();
    if (key === this.persisted && now - this.persistedAt < PEER_STATUS_PERSIST_MS) return;
    this.store.report(reports, now);
    this.persisted = key;
    this.persistedAt = now;
  }

  private publish(): void {
    const status = this.status();
    // lastSeen of a connected peer moves every tick; that alone is no news.
    const key = JSON.stringify({ ...status, peers: status.peers.map((p) => ({ ...p, lastSeen: p.status === 'connected' ? 0 : p.lastSeen })) });
    if (key === this.published) return;
    this.published = key;
    for (const listener of [...this.listeners]) listener({ type: 'sync:changed', status });
  }

  /**
   * An exercise's network partition, on the links themselves: a session
   * with a peer this device is cut off from is closed, and a listed peer is
   * not dialled again until the partition heals. When the partitions in
   * force change, every session is pumped, so what was held back flows.
   */
  private enforcePartitions(): void {
    for (const link of this.links.values()) {
      // A first session has just proved who the peer is: remember it, or the link would be redialled forever.
      link.device = link.reconnector?.session?.peer ?? link.device;
      const cut = link.device === null ? null : this.partitions.cutOff(link.device);
      if (cut !== null && link.cut === null) {
        link.reconnector?.session?.close(cut);
        link.reconnector?.stop();
      } else if (cut === null && link.cut !== null) {
        link.reconnector?.start();
      }
      link.cut = cut;
    }
    for (const session of this.node.sessions) {
      const cut = session.peer === null ? null : this.partitions.cutOff(session.peer);
      if (cut !== null) session.close(cut);
    }
    const key = this.partitions.key();
    if (key !== this.partitionKey) {
      this.partitionKey = key;
      this.node.pumpAll();
    }
  }

  private onSyncEvent(e: SyncEvent): void {
    if (LOGGED.has(e.type)) this.opts.log(describeSyncEvent(e));
    if (e.type === 'stored') return; // the feed's state:changed carries that
    if (e.type === 'authenticated') this.enforcePartitions();
    this.observe();
    this.publish();
  }
}
