import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../shared/clock';
import type { Link } from './link';
import type { PeerSession } from './session';
import type { Timers } from '../clock';

/** Opens one link to a peer; calls done exactly once. */
export type Dialer = (done: (err: Error | null, link?: Link) => void) => void;

export type PeerLinkStatus = 'connecting' | 'connected' | 'waiting' | 'stopped';

export interface ReconnectorOptions {
  dial: Dialer;
  /** Run a session over an opened link (SyncNode.attach). */
  attach: (link: Link) => PeerSession;
  timers: Timers;
  /** [0, 1); injected so a simulation replays the same jitter. */
  random: () => number;
  backoff?: BackoffPolicy;
  /** Told of every failed dial and every ended session, with the wait before the next attempt. */
  onRetry?: (reason: string, delayMs: number) => void;
}

/**
 * Keeps one peer connected: dials, runs a session, and when the dial fails
 * or the session ends, waits (exponential backoff with jitter) and dials
 * again. A session that got as far as authenticating resets the backoff.
 */
export class Reconnector {
  private phase: PeerLinkStatus = 'stopped';
  private attempt = 0;
  private cancelWait: (() => void) | null = null;
  private current: PeerSession | null = null;

  constructor(private readonly opts: ReconnectorOptions) {}

  get status(): PeerLinkStatus {
    return this.phase;
  }

  get session(): PeerSession | null {
    return this.current;
  }

  /** Failed attempts since the last authenticated session. */
  get failures(): number {
    return this.current?.state === 'live' ? 0 : this.attempt;
  }

  start(): void {
    if (this.phase !== 'stopped') return;
    this.dialNow();
  }

  stop(): void {
    this.phase = 'stopped';
    this.cancelWait?.();
    this.cancelWait = null;
    this.current?.close('peer removed');
    this.current = null;
  }

  private dialNow(): void {
    this.phase = 'connecting';
    this.opts.dial((err, link) => {
      if (this.phase === 'stopped') {
        link?.close('peer removed');
        return;
      }
      if (err !== null || link === undefined) {
        this.retry(`dial failed: ${err?.message ?? 'no link'}`);
        return;
      }
      const session = this.opts.attach(link);
      this.current = session;
      this.phase = 'connected';
      session.onClosed(() => {
        if (this.current !== session) return;
        this.current = null;
        if (this.phase === 'stopped') return;
        if (session.peer !== null) this.attempt = 0;
        const why = session.closeReason;
        this.retry(typeof why === 'string' ? why : (why?.message ?? 'closed'));
      });
    });
  }

  private retry(reason: string): void {
    const delay = backoffDelay(this.opts.backoff ?? DEFAULT_BACKOFF, this.attempt + 1, this.opts.random);
    this.attempt += 1;
    this.phase = 'waiting';
    this.opts.onRetry?.(reason, delay);
    this.cancelWait = this.opts.timers.setTimeout(() => {
      this.cancelWait = null;
      if (this.phase === 'waiting') this.dialNow();
    }, delay);
  }
}
