import { canonicalJson } from '../canonical';
import { fromBase64Url, utf8 } from '../bytes';
import type { SignatureVerifier } from '../journal/crypto';
import { SYNC_PROTOCOL } from './frames';

/**
 * What a device signs to prove, in one connection, that it holds its key:
 * the verifier's fresh nonce (so an old proof cannot be replayed), both
 * device keys (so a proof made for one peer cannot be shown to another), its
 * own nonce, the workspace id and the protocol tag (so the signature means
 * nothing anywhere else; it can never parse as a journal header). Over TLS,
 * also the server certificate as the signer sees it (channelBinding.ts).
 */
export interface HandshakeTranscript {
  ws: string;
  prover: string;
  verifier: string;
  proverNonce: string;
  verifierNonce: string;
  /** SHA-256 (hex) of the TLS server certificate of this connection; absent on plain ws. */
  tls?: string | undefined;
}

export function handshakeProofBytes(t: HandshakeTranscript): Uint8Array {
  return utf8(
    canonicalJson({
      proto: SYNC_PROTOCOL,
      purpose: 'peer-handshake',
      ws: t.ws,
      prover: t.prover,
      verifier: t.verifier,
      proverNonce: t.proverNonce,
      verifierNonce: t.verifierNonce,
      // Only over TLS, so a plain-ws proof keeps the bytes it always had (and
      // older peers still interoperate there); the two forms cannot collide.
      ...(t.tls !== undefined ? { tls: t.tls } : {}),
    }),
  );
}

/** True when `sig` (base64url) is the prover's signature over this transcript. */
export function verifyHandshakeProof(verifier: SignatureVerifier, t: HandshakeTranscript, sig: string): boolean {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(sig);
  } catch {
    return false;
  }
  return bytes.length === 64 && verifier.verify(t.prover, handshakeProofBytes(t), bytes);
}
