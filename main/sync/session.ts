import { toBase64Url } from '../../shared/bytes';
import {
  PeerRejected,
  SYNC_PROTOCOL,
  TokenBucket,
  type AuthFrame,
  type HelloFrame,
  type SyncErrorCode,
  type SyncFrame,
  type VersionVector,
} from '../../shared/sync';
import { screenFrame } from './frameGate';
import { genesisAnswer } from './genesisExchange';
import { checkPeerProof, proveToPeer } from './handshakeProof';
import { Incoming, type IncomingHooks } from './incoming';
import type { Link, LinkFrame } from './link';
import { Outgoing } from './outgoing';
import { PeerTrust } from './peerTrust';
import type { SessionContext } from './sessionContext';

export type SessionState = 'handshake' | 'live' | 'closed';

/**
 * One connection to one peer: the mutual handshake, then reconciliation and
 * live push in both directions, over any Link. Everything the peer sends is
 * parsed, rate-limited and checked here; anything wrong closes the link with
 * an error frame saying why, and nothing of it is stored.
 */
export class PeerSession {
  private phase: SessionState = 'handshake';
  private readonly nonce: string;
  private theirHello: HelloFrame | null = null;
  private heldAuth: AuthFrame | null = null;
  private theirAuthSig: string | null = null;
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
    this.nonce = toBase64Url(ctx.randomBytes(32));
    this.bucket = new TokenBucket(ctx.clock, ctx.limits.rateBurst, ctx.limits.ratePerSecond);
    this.outgoing = new Outgoing(
      ctx.journal,
      ctx.clock,
      ctx.limits,
      (text) => this.link.send(text),
      (author) => ctx.mayForward?.(this.peer ?? '', author) ?? true,
    );
    this.incoming = new Incoming(ctx.journal, this.incomingHooks(), ctx.limits.maxPending);
    this.trust = new PeerTrust(ctx.journal, ctx.signer.publicKey);
    this.lastHeard = ctx.clock.now();
    link.onFrame((frame) => this.onLinkFrame(frame));
    link.onClose((reason) => this.finish(reason));
    this.cancelTimer = ctx.timers.setTimeout(() => {
      if (this.phase === 'handshake') this.reject('timeout', `handshake not finished within ${ctx.limits.handshakeTimeoutMs} ms`);
    }, ctx.limits.handshakeTimeoutMs);
    this.send({ t: 'hello', proto: SYNC_PROTOCOL, ws: ctx.journal.workspaceId, device: ctx.signer.publicKey, nonce: this.nonce });
  }

  get label(): string {
    return this.link.label;
  }

  get state(): SessionState {
    return this.phase;
  }

  /** The peer's device key, once it has proved it. */
  get peer(): string | null {
    return this.theirAuthSig !== null ? (this.theirHello?.device ?? null) : null;
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
    if (this.phase === 'live' && this.trust.mayServe(this.theirHello?.device ?? '')) this.outgoing.pump(live);
  }

  /** The roster may have changed: a peer revoked while connected is cut off at once. */
  checkStanding(): void {
    const peer = this.theirHello?.device;
    if (this.phase === 'closed' || peer === undefined) return;
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
        this.why = new PeerRejected(frame.code, frame.message, this.theirHello?.device ?? null, 'remote');
        this.ctx.emit({ type: 'remote-error', session: this.label, peer: this.theirHello?.device ?? null, code: frame.code, message: frame.message });
        this.link.close(`peer reported ${frame.code}`);
        this.finish(`peer reported ${frame.code}: ${frame.message}`);
        return;
      case 'hello':
        this.onHello(frame);
        return;
      case 'auth':
        this.onAuth(frame);
        return;
      case 'want-genesis':
        return this.onWantGenesis(frame.ws);
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

  private onHello(hello: HelloFrame): void {
    if (this.theirHello !== null) {
      // A network that duplicates frames may repeat a hello; a different one is a protocol breach.
      if (hello.nonce !== this.theirHello.nonce || hello.device !== this.theirHello.device) this.reject('protocol', 'a second, different hello');
      return;
    }
    const { journal, signer } = this.ctx;
    if (hello.ws !== journal.workspaceId) {
      this.reject('wrong-workspace', `peer is in workspace ${hello.ws}, this side in ${journal.workspaceId}`);
      return;
    }
    if (hello.device === signer.publicKey) {
      this.reject('self', "peer presented this device's own key");
      return;
    }
    this.theirHello = hello;
    const standing = this.trust.admit(hello.device);
    if (!standing.ok) {
      this.reject(standing.code, standing.reason);
      return;
    }
    this.send({ t: 'auth', ...proveToPeer(signer, journal.workspaceId, hello, this.nonce, this.link.tls), vv: journal.versionVector() });
    const held = this.heldAuth;
    this.heldAuth = null;
    if (held !== null) this.onAuth(held);
  }

  /** A joining device asks, instead of a hello, for the genesis (genesisExchange.ts); the link then ends. */
  private onWantGenesis(ws: string): void {
    if (this.theirHello !== null) return this.reject('protocol', 'want-genesis after a hello');
    const answer = genesisAnswer(this.ctx.journal, ws);
    if (!answer.ok) return this.reject(answer.code, answer.message);
    this.send(answer.frame);
    this.close('genesis sent to a joining device');
  }

  private onAuth(auth: AuthFrame): void {
    if (this.theirAuthSig !== null) {
      if (auth.sig !== this.theirAuthSig) this.reject('protocol', 'a second, different auth');
      return;
    }
    const hello = this.theirHello;
    if (hello === null) {
      // Arrived before the hello it answers (a reordering network): keep one.
      if (this.heldAuth !== null && this.heldAuth.sig !== auth.sig) this.reject('protocol', 'auth frames before any hello');
      else this.heldAuth = auth;
      return;
    }
    const proof = checkPeerProof(this.ctx.verifier, this.ctx.signer.publicKey, this.ctx.journal.workspaceId, hello, this.nonce, this.link.tls, auth);
    if (!proof.ok) {
      this.reject(proof.code, proof.message);
      return;
    }
    this.theirAuthSig = auth.sig;
    this.phase = 'live';
    this.cancelTimer();
    this.scheduleHeartbeat();
    this.ctx.emit({ type: 'authenticated', session: this.label, peer: hello.device });
    this.outgoing.notePeerHolds(auth.vv);
    this.incoming.noteTheirVv(auth.vv);
    this.emitProgress();
    this.pump(false);
    for (const frame of this.early.splice(0)) if (this.phase === 'live') this.onLiveFrame(frame);
  }

  private onLiveFrame(frame: SyncFrame): void {
    const peer = this.theirHello?.device ?? '';
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
        const refused = this.incoming.onEntries(frame);
        if (refused === null || this.phase !== 'live') return;
        this.send({ t: 'ack', n: frame.n, vv: this.ctx.journal.versionVector(), refused });
        this.emitProgress();
        return;
      }
      default:
        this.reject('protocol', `unexpected ${frame.t} frame after the handshake (peer ${peer})`);
    }
  }

  private incomingHooks(): IncomingHooks {
    const peer = () => this.theirHello?.device ?? '';
    return {
      offense: (code: SyncErrorCode, message: string) => this.reject(code, message),
      refused: (r) => this.ctx.emit({ type: 'refused', session: this.label, peer: peer(), ...r }),
      equivocation: (e) => this.ctx.emit({ type: 'equivocation', session: this.label, peer: peer(), ...e }),
      stored: (entries) => this.ctx.emit({ type: 'stored', session: this.label, peer: peer(), count: entries.length }),
    };
  }

  private emitProgress(): void {
    const peer = this.theirHello?.device;
    if (peer !== undefined) this.ctx.emit({ type: 'progress', session: this.label, peer, ...this.incoming.progress() });
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
    const peer = this.theirHello?.device ?? null;
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
    this.ctx.emit({ type: 'closed', session: this.label, peer: this.theirHello?.device ?? null, reason });
    for (const handler of this.closedHandlers.splice(0)) handler();
  }
}
