import { PeerRejected, TokenBucket, type AuthFrame, type SyncErrorCode, type SyncFrame, type VersionVector } from '../../shared/sync';
import { screenFrame } from './frameGate';
import { Incoming, type IncomingHooks } from './incoming';
import type { Link, LinkFrame } from './link';
import { Outgoing } from './outgoing';
import { PeerTrust } from './peerTrust';
import type { SessionContext } from './sessionContext';
import { SessionHandshake } from './sessionHandshake';

export type SessionState = 'handshake' | 'live' | 'closed';

/**
 * One connection to one peer: the mutual handshake (sessionHandshake.ts),
 * then reconciliation and live push in both directions, over any Link.
 * Everything the peer sends is parsed, rate-limited and checked here;
 * anything wrong closes the link with an error frame saying why, and nothing
 * of it is stored.
 */
export class PeerSession {
  private phase: SessionState = 'handshake';
  private readonly handshake: SessionHandshake;
  private readonly early: SyncFrame[] = [];
  private readonly bucket: TokenBucket;
  private readonly outgoing: Outgoing;
  private readonly incoming: Incoming;
  private lastHeard: number;
  private cancelTimer: () => void = () => undefined;
  private why: PeerRejected | string | null = null;
  private readonly closedHandlers: (() => void)[] = [];
  private readonly trust: PeerTrust;

  constructor(
    readonly link: Link,
    private readonly ctx: SessionContext,
  ) {
    this.bucket = new TokenBucket(ctx.clock, ctx.limits.rateBurst, ctx.limits.ratePerSecond);
    this.outgoing = new Outgoing(
      ctx.journal,
      ctx.clock,
      ctx.limits,
      (text) => this.link.send(text),
      (author) => ctx.mayForward?.(this.peer ?? '', author) ?? true,
    );
    this.incoming = new Incoming(ctx.journal, this.incomingHooks(), ctx.timers, ctx.limits);
    this.trust = new PeerTrust(ctx.journal, ctx.signer.publicKey);
    this.handshake = new SessionHandshake(ctx, link, this.trust, {
      send: (frame) => this.send(frame),
      reject: (code, message) => this.reject(code, message),
      close: (reason) => this.close(reason),
      proved: (auth) => this.goLive(auth),
    });
    this.lastHeard = ctx.clock.now();
    link.onFrame((frame) => this.onLinkFrame(frame));
    link.onClose((reason) => this.finish(reason));
    this.cancelTimer = ctx.timers.setTimeout(() => {
      if (this.phase === 'handshake') this.reject('timeout', `handshake not finished within ${ctx.limits.handshakeTimeoutMs} ms`);
    }, ctx.limits.handshakeTimeoutMs);
    this.handshake.start();
  }

  get label(): string {
    return this.link.label;
  }

  get state(): SessionState {
    return this.phase;
  }

  /** The peer's device key, once it has proved it. */
  get peer(): string | null {
    return this.handshake.proved;
  }

  /** Why the session ended: a PeerRejected for a protocol or trust failure, else the link's reason. */
  get closeReason(): PeerRejected | string | null {
    return this.why;
  }

  /** Entries received from this peer against what it holds that we lack (the catch-up progress). */
  get progress(): { received: number; total: number } {
    return this.incoming.progress();
  }

  /** What the peer is known to hold. */
  get peerVersionVector(): Readonly<VersionVector> {
    return this.outgoing.peerVv;
  }

  get entriesSent(): number {
    return this.outgoing.entriesSent;
  }

  onClosed(handler: () => void): void {
    if (this.phase === 'closed') handler();
    else this.closedHandlers.push(handler);
  }

  /** New entries may be stored: send what the peer lacks (live push, and relaying what other peers sent). */
  pump(live = true): void {
    if (this.phase === 'live' && this.trust.mayServe(this.handshake.claimed ?? '')) this.outgoing.pump(live);
  }

  /** The roster may have changed: a peer revoked while connected is cut off at once. */
  checkStanding(): void {
    const peer = this.handshake.claimed;
    if (this.phase === 'closed' || peer === null) return;
    const standing = this.trust.recheck(peer);
    if (!standing.ok) this.reject(standing.code, standing.reason);
  }

  close(reason = 'closed by this side'): void {
    if (this.phase === 'closed') return;
    this.send({ t: 'error', code: 'closing', message: reason });
    this.link.close(reason);
    this.finish(reason);
  }

  private onLinkFrame(frame: LinkFrame): void {
    if (this.phase === 'closed') return;
    this.lastHeard = this.ctx.clock.now();
    const parsed = screenFrame(frame, this.bucket, this.ctx.limits);
    if (parsed.ok) this.dispatch(parsed.frame);
    else this.reject(parsed.code, parsed.message);
  }

  private dispatch(frame: SyncFrame): void {
    switch (frame.t) {
      case 'error':
        this.why = new PeerRejected(frame.code, frame.message, this.handshake.claimed, 'remote');
        this.ctx.emit({ type: 'remote-error', session: this.label, peer: this.handshake.claimed, code: frame.code, message: frame.message });
        this.link.close(`peer reported ${frame.code}`);
        this.finish(`peer reported ${frame.code}: ${frame.message}`);
        return;
      case 'hello':
        return this.handshake.onHello(frame);
      case 'auth':
        return this.handshake.onAuth(frame);
      case 'want-genesis':
        return this.handshake.onWantGenesis(frame.ws);
      default:
        if (this.phase !== 'live') {
          // The peer may have checked our proof before we checked its own; hold a few frames.
          if (this.early.length >= this.ctx.limits.maxEarlyFrames) this.reject('protocol', `${frame.t} frames before the handshake finished`);
          else this.early.push(frame);
          return;
        }
        this.onLiveFrame(frame);
    }
  }

  /** The peer proved its key: reconcile from what it says it holds, then take the frames it sent early. */
  private goLive(auth: AuthFrame): void {
    this.phase = 'live';
    this.cancelTimer();
    this.scheduleHeartbeat();
    this.ctx.emit({ type: 'authenticated', session: this.label, peer: this.handshake.claimed ?? '' });
    this.outgoing.notePeerHolds(auth.vv);
    this.incoming.noteTheirVv(auth.vv);
    this.emitProgress();
    this.pump(false);
    for (const frame of this.early.splice(0)) if (this.phase === 'live') this.onLiveFrame(frame);
  }

  private onLiveFrame(frame: SyncFrame): void {
    const peer = this.handshake.claimed ?? '';
    switch (frame.t) {
      case 'vv':
        this.incoming.noteTheirVv(frame.vv);
        this.outgoing.notePeerHolds(frame.vv);
        this.outgoing.resync();
        this.pump(false);
        return;
      case 'ack':
        this.outgoing.onAck(frame.n, frame.vv);
        for (const r of frame.refused) this.outgoing.refuse(r.author, r.seq);
        this.pump(false);
        return;
      case 'entries': {
        const held: VersionVector = {};
        for (const e of frame.entries) held[e.header.author] = Math.max(held[e.header.author] ?? 0, e.header.seq);
        // It holds what it sent: never echo those back to it.
        this.outgoing.notePeerHolds(held);
        // Acked once imported (Incoming, group import): see taken() below.
        this.incoming.onEntries(frame);
        return;
      }
      default:
        this.reject('protocol', `unexpected ${frame.t} frame after the handshake (peer ${peer})`);
    }
  }

  private incomingHooks(): IncomingHooks {
    const peer = () => this.handshake.claimed ?? '';
    return {
      taken: (batches, refused) => {
        if (this.phase !== 'live') return;
        const vv = this.ctx.journal.versionVector();
        // The chains newly refused ride on the first ack; the sender stops sending them at once.
        batches.forEach((n, i) => this.send({ t: 'ack', n, vv, refused: i === 0 ? [...refused] : [] }));
        this.emitProgress();
      },
      offense: (code: SyncErrorCode, message: string) => this.reject(code, message),
      refused: (r) => this.ctx.emit({ type: 'refused', session: this.label, peer: peer(), ...r }),
      equivocation: (e) => this.ctx.emit({ type: 'equivocation', session: this.label, peer: peer(), ...e }),
      stored: (entries) => this.ctx.emit({ type: 'stored', session: this.label, peer: peer(), count: entries.length }),
    };
  }

  private emitProgress(): void {
    const peer = this.handshake.proved;
    if (peer !== null) this.ctx.emit({ type: 'progress', session: this.label, peer, ...this.incoming.progress() });
  }

  private scheduleHeartbeat(): void {
    this.cancelTimer = this.ctx.timers.setTimeout(() => {
      if (this.phase !== 'live') return;
      const silent = this.ctx.clock.now() - this.lastHeard;
      if (silent > this.ctx.limits.idleTimeoutMs) {
        this.reject('timeout', `nothing heard for ${silent} ms`);
        return;
      }
      this.outgoing.expire();
      this.send({ t: 'vv', vv: this.ctx.journal.versionVector() });
      this.pump(false);
      this.scheduleHeartbeat();
    }, this.ctx.limits.heartbeatMs);
  }

  /** Close the link because of something the peer did (or is): say why, to it and to our listeners. */
  private reject(code: SyncErrorCode, message: string): void {
    if (this.phase === 'closed') return;
    const peer = this.handshake.claimed;
    this.why = new PeerRejected(code, message, peer);
    this.ctx.emit({ type: 'rejected', session: this.label, peer, code, message });
    this.send({ t: 'error', code, message });
    this.link.close(`${code}: ${message}`);
    this.finish(`${code}: ${message}`);
  }

  private send(frame: SyncFrame): void {
    this.link.send(JSON.stringify(frame));
  }

  private finish(reason: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.why ??= reason;
    this.cancelTimer();
    this.incoming.stop();
    this.ctx.emit({ type: 'closed', session: this.label, peer: this.handshake.claimed, reason });
    for (const handler of this.closedHandlers.splice(0)) handler();
  }
}
