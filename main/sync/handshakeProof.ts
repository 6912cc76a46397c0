import { toBase64Url } from '../../shared/bytes';
import type { Signer, SignatureVerifier } from '../../shared/journal';
import {
  channelMismatch,
  formatFingerprint,
  handshakeProofBytes,
  verifyHandshakeProof,
  type AuthFrame,
  type HelloFrame,
  type SyncErrorCode,
} from '../../shared/sync';

// Both halves of the handshake proof for one connection. `tls` is the
// connection's server certificate as this end sees it (Link.tls), bound
// into the transcript on both sides (shared/sync/channelBinding.ts).

/** Our auth for the peer's hello: the proof, and over TLS the certificate it covers. */
export function proveToPeer(signer: Signer, ws: string, theirHello: HelloFrame, ourNonce: string, tls: string | undefined): Pick<AuthFrame, 'sig' | 'tls'> {
  const transcript = { ws, prover: signer.publicKey, verifier: theirHello.device, proverNonce: ourNonce, verifierNonce: theirHello.nonce, tls };
  return { sig: toBase64Url(signer.sign(handshakeProofBytes(transcript))), ...(tls !== undefined ? { tls } : {}) };
}

export type ProofCheck = { ok: true } | { ok: false; code: SyncErrorCode; message: string };

/** Whether the peer's auth proves, on this very connection, that it holds the key it said hello with. */
export function checkPeerProof(
  verifier: SignatureVerifier,
  me: string,
  ws: string,
  theirHello: HelloFrame,
  ourNonce: string,
  tls: string | undefined,
  auth: AuthFrame,
): ProofCheck {
  // The peer's claim is looked at first only to name the failure; the signature is what binds it.
  const mismatch = channelMismatch(tls, auth.tls, theirHello.device);
  if (mismatch !== null) return { ok: false, code: 'certificate-mismatch', message: mismatch };
  const transcript = { ws, prover: theirHello.device, verifier: me, proverNonce: theirHello.nonce, verifierNonce: ourNonce, tls };
  if (verifyHandshakeProof(verifier, transcript, auth.sig)) return { ok: true };
  const cert = tls === undefined ? '' : ` and its TLS certificate sha256 ${formatFingerprint(tls)} (the device key did not sign for that certificate)`;
  return { ok: false, code: 'bad-proof', message: `handshake signature does not verify for this connection${cert} (forged, or replayed from another one)` };
}
