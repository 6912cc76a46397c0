import { toBase64Url } from '../../shared/bytes';
import { SYNC_PROTOCOL, type AuthFrame, type HelloFrame, type SyncErrorCode, type SyncFrame } from '../../shared/sync';
import { genesisAnswer } from './genesisExchange';
import { checkPeerProof, proveToPeer } from './handshakeProof';
import type { Link } from './link';
import type { PeerTrust } from './peerTrust';
import type { SessionContext } from './sessionContext';

/** How the handshake acts on its session. */
export interface HandshakeHooks {
  send(frame: SyncFrame): void;
  /** The peer did something wrong or is refused: close with this code. */
  reject(code: SyncErrorCode, message: string): void;
  /** The genesis went to a joining device; the link has served its purpose. */
  close(reason: string): void;
  /** The peer proved its key: the session goes live, knowing what the peer holds. */
  proved(auth: AuthFrame): void;
}

/**
 * The first job of a session: the mutual handshake. Each side sends a hello
 * with a fresh nonce and answers the other's with an auth that signs both
 * nonces (handshakeProof.ts); the peer must be in the roster (PeerTrust).
 * Frames may come reordered or duplicated: an auth before its hello is held,
 * an identical repeat is ignored, a different one is a breach. A joining
 * device sends want-genesis instead of a hello and gets the genesis.
 */
export class SessionHandshake {
  readonly nonce: string;
  private theirHello: HelloFrame | null = null;
  private heldAuth: AuthFrame | null = null;
  private theirAuthSig: string | null = null;

  constructor(
    private readonly ctx: SessionContext,
    private readonly link: Link,
    private readonly trust: PeerTrust,
    private readonly hooks: HandshakeHooks,
  ) {
    this.nonce = toBase64Url(ctx.randomBytes(32));
  }

  /** The device key the peer claims (its hello), proved or not. */
  get claimed(): string | null {
    return this.theirHello?.device ?? null;
  }

  /** The peer's device key, once it has proved it. */
  get proved(): string | null {
    return this.theirAuthSig !== null ? this.claimed : null;
  }

  start(): void {
    const { journal, signer } = this.ctx;
    this.hooks.send({ t: 'hello', proto: SYNC_PROTOCOL, ws: journal.workspaceId, device: signer.publicKey, nonce: this.nonce });
  }

  onHello(hello: HelloFrame): void {
    if (this.theirHello !== null) {
      // A network that duplicates frames may repeat a hello; a different one is a protocol breach.
      if (hello.nonce !== this.theirHello.nonce || hello.device !== this.theirHello.device) this.hooks.reject('protocol', 'a second, different hello');
      return;
    }
    const { journal, signer } = this.ctx;
    if (hello.ws !== journal.workspaceId) return this.hooks.reject('wrong-workspace', `peer is in workspace ${hello.ws}, this side in ${journal.workspaceId}`);
    if (hello.device === signer.publicKey) return this.hooks.reject('self', "peer presented this device's own key");
    this.theirHello = hello;
    const standing = this.trust.admit(hello.device);
    if (!standing.ok) return this.hooks.reject(standing.code, standing.reason);
    this.hooks.send({ t: 'auth', ...proveToPeer(signer, journal.workspaceId, hello, this.nonce, this.link.tls), vv: journal.versionVector() });
    const held = this.heldAuth;
    this.heldAuth = null;
    if (held !== null) this.onAuth(held);
  }

  /** A joining device asks, instead of a hello, for the genesis (genesisExchange.ts); the link then ends. */
  onWantGenesis(ws: string): void {
    if (this.theirHello !== null) return this.hooks.reject('protocol', 'want-genesis after a hello');
    const answer = genesisAnswer(this.ctx.journal, ws);
    if (!answer.ok) return this.hooks.reject(answer.code, answer.message);
    this.hooks.send(answer.frame);
    this.hooks.close('genesis sent to a joining device');
  }

  onAuth(auth: AuthFrame): void {
    if (this.theirAuthSig !== null) {
      if (auth.sig !== this.theirAuthSig) this.hooks.reject('protocol', 'a second, different auth');
      return;
    }
    const hello = this.theirHello;
    if (hello === null) {
      // Arrived before the hello it answers (a reordering network): keep one.
      if (this.heldAuth !== null && this.heldAuth.sig !== auth.sig) this.hooks.reject('protocol', 'auth frames before any hello');
      else this.heldAuth = auth;
      return;
    }
    const proof = checkPeerProof(this.ctx.verifier, this.ctx.signer.publicKey, this.ctx.journal.workspaceId, hello, this.nonce, this.link.tls, auth);
    if (!proof.ok) return this.hooks.reject(proof.code, proof.message);
    this.theirAuthSig = auth.sig;
    this.hooks.proved(auth);
  }
}
