import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64Url, toBase64Url } from '../../shared/bytes';
import type { CryptoSuite, Signer } from '../../shared/journal';
import { SigningPool } from './signingPool';

// Ed25519 and SHA-256 through node:crypto. The journal format code sees only
// the CryptoSuite / Signer interfaces, so a libsodium implementation can be
// dropped in here later without touching it.

const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 10_000;

function publicKeyObject(publicKey: string): KeyObject {
  let key = publicKeyCache.get(publicKey);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
    publicKeyCache.set(publicKey, key);
  }
  return key;
}

export const nodeCrypto: CryptoSuite = {
  sha256(data: Uint8Array): Uint8Array {
    return createHash('sha256').update(data).digest();
  },
  verify(publicKey: string, message: Uint8Array, signature: Uint8Array): boolean {
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      // A key that is not a valid curve point cannot have signed anything.
      return false;
    }
  },
};

/** A device key pair. The seed is the secret; keep it in a SecretStore only. */
export interface Ed25519KeyPair {
  publicKey: string;
  /** base64url of the 32-byte private seed. */
  seed: string;
}

export function generateKeyPair(): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string' || typeof jwk.x !== 'string') throw new Error('Ed25519 key export failed');
  return { publicKey: jwk.x, seed: jwk.d };
}

// PKCS#8 for Ed25519 is this fixed 16-byte prefix followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function signerFromSeed(seed: string): Signer {
  const d = fromBase64Url(seed);
  if (d.length !== 32) throw new Error('an Ed25519 private seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(d)]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 public key derivation failed');
  const publicKey = toBase64Url(fromBase64Url(jwk.x));
  let pool: SigningPool | null = null;
  return {
    publicKey,
    sign: (message: Uint8Array) => sign(null, message, privateKey),
    // The seed stays in this closure; workers get it only when bulk signing is asked for.
    signMany: (messages: readonly Uint8Array[]) => (pool ??= new SigningPool(seed)).sign(messages),
  };
}
