import { describe, expect, it } from 'vitest';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { toBase64Url } from '../../../shared/bytes';
import { handshakeProofBytes, verifyHandshakeProof } from '../../../shared/sync';

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
});
