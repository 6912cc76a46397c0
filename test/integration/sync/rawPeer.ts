import { toBase64Url } from '../../../shared/bytes';
import type { Signer } from '../../../shared/journal';
import { handshakeProofBytes, parseSyncFrame, SYNC_PROTOCOL, type SyncFrame } from '../../../shared/sync';
import type { Link, LinkFrame } from '../../../main/sync';
import type { SimScheduler } from './simScheduler';

/**
 * The far end of a link, driven by hand: a test (or an attacker) sends any
 * bytes it likes and sees every frame the session answers with. Delivery
 * goes through the scheduler at zero delay, so flush() runs it.
 */
export class RawPeer {
  readonly received: SyncFrame[] = [];
  readonly unparsed: string[] = [];
  closed: string | null = null;
  private sessionSide: { frame: ((f: LinkFrame) => void) | null; close: ((r: string) => void) | null } = { frame: null, close: null };
  readonly link: Link;

  constructor(private readonly sched: SimScheduler) {
    this.link = {
      label: 'raw',
      send: (text: string) => {
        if (this.closed !== null) return;
        sched.setTimeout(() => {
          const parsed = parseSyncFrame(text, Buffer.byteLength(text));
          if (parsed.ok) this.received.push(parsed.frame);
          else this.unparsed.push(text);
        }, 0);
      },
      close: (reason: string) => this.markClosed(reason),
      onFrame: (handler) => {
        this.sessionSide.frame = handler;
      },
      onClose: (handler) => {
        this.sessionSide.close = handler;
      },
    };
  }

  sendText(text: string): void {
    if (this.closed !== null) return;
    this.sched.setTimeout(() => this.closed === null && this.sessionSide.frame?.({ kind: 'text', text, bytes: Buffer.byteLength(text) }), 0);
  }

  sendBinary(bytes: Uint8Array): void {
    this.sched.setTimeout(() => this.closed === null && this.sessionSide.frame?.({ kind: 'binary', bytes: bytes.length }), 0);
  }

  send(frame: SyncFrame | Record<string, unknown>): void {
    this.sendText(JSON.stringify(frame));
  }

  flush(): void {
    this.sched.runUntil(this.sched.now);
  }

  frames<T extends SyncFrame['t']>(t: T): Extract<SyncFrame, { t: T }>[] {
    return this.received.filter((f): f is Extract<SyncFrame, { t: T }> => f.t === t);
  }

  /** The error the session closed with, if any. */
  get error(): Extract<SyncFrame, { t: 'error' }> | undefined {
    return this.frames('error')[0];
  }

  /** Answer the session's hello as `signer` would, honestly. */
  handshake(signer: Signer, ws: string, nonce = toBase64Url(new Uint8Array(32).fill(7))): { hello: SyncFrame; auth: SyncFrame } {
    this.flush();
    const theirs = this.frames('hello')[0];
    if (theirs === undefined) throw new Error('session sent no hello');
    const hello = { t: 'hello', proto: SYNC_PROTOCOL, ws, device: signer.publicKey, nonce } as const;
    const proof = handshakeProofBytes({ ws, prover: signer.publicKey, verifier: theirs.device, proverNonce: nonce, verifierNonce: theirs.nonce });
    const auth = { t: 'auth', sig: toBase64Url(signer.sign(proof)), vv: {} } as const;
    this.send(hello);
    this.send(auth);
    this.flush();
    return { hello, auth };
  }

  private markClosed(reason: string): void {
    if (this.closed !== null) return;
    this.closed = reason;
    this.sessionSide.close?.(reason);
  }
}
