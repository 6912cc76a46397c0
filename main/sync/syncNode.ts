import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type { Signer, SignatureVerifier } from '../../shared/journal';
import { nodeCrypto } from '../crypto';
import { describeSyncEvent, type SyncEvent, type SyncEventListener } from './events';
import type { Link } from './link';
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './limits';
import { PeerSession } from './session';
import type { SyncJournal } from './syncJournal';
import { nodeTimers, type Timers } from '../clock';

export interface SyncNodeOptions {
  journal: SyncJournal;
  /** This device: signs the handshake proofs. */
  signer: Signer;
  clock: Clock;
  timers?: Timers;
  verifier?: SignatureVerifier;
  randomBytes?: (n: number) => Uint8Array;
  limits?: Partial<SyncLimits>;
  /** Every event as one line (errors included), for a log file or stderr. */
  log?: (line: string) => void;
  /**
   * Whether entries by `author` may be sent to device `peer` now; all may when absent.
   * An exercise's network partition (main/host/exercisePartitions.ts) holds entries back with it.
   */
  mayForward?: (peer: string, author: string) => boolean;
}

/**
 * This device's side of sync for one workspace: it runs a session per link
 * (incoming or outgoing alike, the protocol is symmetric), pushes every newly
 * stored entry, whatever its origin, to every live peer (so a peer relays
 * for the others), and cuts off a peer the moment the roster revokes it.
 */
export class SyncNode {
  private readonly live = new Set<PeerSession>();
  private readonly listeners = new Set<SyncEventListener>();
  private readonly limits: SyncLimits;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly opts: SyncNodeOptions) {
    this.limits = { ...DEFAULT_SYNC_LIMITS, ...opts.limits };
    this.unsubscribe = opts.journal.onStored(() => {
      for (const session of [...this.live]) session.checkStanding();
      for (const session of [...this.live]) session.pump();
    });
  }

  get journal(): SyncJournal {
    return this.opts.journal;
  }

  get device(): string {
    return this.opts.signer.publicKey;
  }

  /** Sessions not yet closed. */
  get sessions(): readonly PeerSession[] {
    return [...this.live];
  }

  onEvent(listener: SyncEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run the sync protocol over a freshly opened link. */
  attach(link: Link): PeerSession {
    if (this.closed) {
      link.close('sync node is closed');
      throw new Error('sync node is closed');
    }
    const session = new PeerSession(link, {
      journal: this.opts.journal,
      signer: this.opts.signer,
      verifier: this.opts.verifier ?? nodeCrypto,
      clock: this.opts.clock,
      timers: this.opts.timers ?? nodeTimers,
      limits: this.limits,
      randomBytes: this.opts.randomBytes ?? ((n) => new Uint8Array(nodeRandomBytes(n))),
      emit: (event) => this.emit(event),
      ...(this.opts.mayForward ? { mayForward: this.opts.mayForward } : {}),
    });
    this.live.add(session);
    session.onClosed(() => this.live.delete(session));
    return session;
  }

  /** Send every live peer what it lacks and may now have: after `mayForward` changed its mind (a partition healed). */
  pumpAll(): void {
    for (const session of [...this.live]) session.pump();
  }

  /** Close every session and stop listening to the journal. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const session of [...this.live]) session.close('shutting down');
  }

  private emit(event: SyncEvent): void {
    this.opts.log?.(describeSyncEvent(event));
    for (const listener of [...this.listeners]) listener(event);
  }
}
