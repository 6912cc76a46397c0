import { describe, expect, it } from 'vitest';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../../main/crypto';
import { toBase64Url } from '../../../../shared/bytes';
import { channelMismatch, formatFingerprint, handshakeProofBytes, verifyHandshakeProof } from '../../../../shared/sync';

describe('handshake proof', () => {
  const prover = signerFromSeed(generateKeyPair().seed);
  const verifier = signerFromSeed(generateKeyPair().seed);
  const t = { ws: 'a'.repeat(32), prover: prover.publicKey, verifier: verifier.publicKey, proverNonce: 'P'.repeat(43), verifierNonce: 'V'.repeat(43) };
  const sig = toBase64Url(prover.sign(handshakeProofBytes(t)));

  it('verifies for exactly the transcript it was made for', () => {
    expect(verifyHandshakeProof(nodeCrypto, t, sig)).toBe(true);
    expect(verifyHandshakeProof(nodeCrypto, { ...t, verifierNonce: 'W'.repeat(43) }, sig)).toBe(false); // replay on a new connection
    expect(verifyHandshakeProof(nodeCrypto, { ...t, ws: 'b'.repeat(32) }, sig)).toBe(false); // another workspace
    expect(verifyHandshakeProof(nodeCrypto, { ...t, verifier: prover.publicKey }, sig)).toBe(false); // shown to another peer
    expect(verifyHandshakeProof(nodeCrypto, { ...t, prover: verifier.publicKey }, sig)).toBe(false); // someone else's key
    expect(verifyHandshakeProof(nodeCrypto, t, 'not base64!')).toBe(false);
  });

  it('over TLS, binds the server certificate: a proof holds for exactly the certificate it was made for', () => {
    const certA = 'a'.repeat(64);
    const certM = 'b'.repeat(64);
    const bound = toBase64Url(prover.sign(handshakeProofBytes({ ...t, tls: certA })));
    expect(verifyHandshakeProof(nodeCrypto, { ...t, tls: certA }, bound)).toBe(true);
    expect(verifyHandshakeProof(nodeCrypto, { ...t, tls: certM }, bound)).toBe(false); // seen through a man in the middle
    expect(verifyHandshakeProof(nodeCrypto, t, bound)).toBe(false); // relayed onto plain ws
    expect(verifyHandshakeProof(nodeCrypto, { ...t, tls: certA }, sig)).toBe(false); // a plain-ws proof does not carry over to TLS
    // Plain ws keeps the transcript bytes it had before TLS existed.
    expect(new TextDecoder().decode(handshakeProofBytes(t))).not.toContain('tls');
  });

  it('names a certificate mismatch, with fingerprints as browsers show them', () => {
    const seen = '0f'.repeat(32);
    const signed = 'a1'.repeat(32);
    expect(formatFingerprint(seen)).toBe(Array(32).fill('0F').join(':'));
    expect(channelMismatch(seen, seen, 'KEY')).toBeNull();
    expect(channelMismatch(undefined, undefined, 'KEY')).toBeNull();
    expect(channelMismatch(seen, signed, 'KEY')).toMatch(
      new RegExp(
        `^certificate mismatch: this connection presents TLS certificate sha256 ${formatFingerprint(seen)}, but device KEY signed for TLS ` +
          `certificate sha256 ${formatFingerprint(signed)};.*man in the middle`,
      ),
    );
    expect(channelMismatch(undefined, signed, 'KEY')).toMatch(/presents no TLS certificate \(plain ws\), but device KEY signed for TLS certificate/);
  });
});
