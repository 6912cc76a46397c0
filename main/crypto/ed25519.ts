import { createHash, randomBytes } from 'node:crypto';
import { fromBase64Url, toBase64Url } from '../../shared/bytes';
import type { CryptoSuite, Signer } from '../../shared/journal';
import { ed25519 } from './ed25519Backend';
import { rawPublicKey } from './rawPublicKey';
import { SigningPool } from './signingPool';

// The journal format code sees only the CryptoSuite / Signer interfaces; here
// they are backed by the Ed25519 implementation ed25519() chose (libsodium, or
// node:crypto when it cannot load) and SHA-256 from node:crypto.

/** The CryptoSuite of the Node side (main/), as against a browser one: libsodium when it loads. */
export const nodeCrypto: CryptoSuite = {
  sha256(data: Uint8Array): Uint8Array {
    return createHash('sha256').update(data).digest();
  },
  verify(publicKey: string, message: Uint8Array, signature: Uint8Array): boolean {
    const raw = rawPublicKey(publicKey);
    return raw !== null && ed25519().verify(raw, message, signature);
  },
};

/** Which library verifies and signs in this process: for status lines and benchmarks. */
export function ed25519Implementation(): 'libsodium' | 'node:crypto' {
  return ed25519().name;
}

/** A device key pair. The seed is the secret; keep it in a SecretStore only. */
export interface Ed25519KeyPair {
  publicKey: string;
  /** base64url of the 32-byte private seed. */
  seed: string;
}

export function generateKeyPair(): Ed25519KeyPair {
  const seed = randomBytes(32);
  return { publicKey: toBase64Url(ed25519().publicKeyOf(seed)), seed: toBase64Url(seed) };
}

export function signerFromSeed(seed: string): Signer {
  const d = fromBase64Url(seed);
  if (d.length !== 32) throw new Error('an Ed25519 private seed is 32 bytes');
  const backend = ed25519();
  const sign = backend.signerOf(d);
  let pool: SigningPool | null = null;
  return {
    publicKey: toBase64Url(backend.publicKeyOf(d)),
    sign,
    // The seed stays in this closure; workers get it only when bulk signing is asked for.
    signMany: (messages: readonly Uint8Array[]) => (pool ??= new SigningPool(seed)).sign(messages),
  };
}
