import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Ed25519Backend } from './ed25519Backend';
import { isAcceptableKey, isAcceptableSignature } from './ed25519Rules';

// Ed25519 through node:crypto (OpenSSL): the fallback when sodium-native cannot
// load. OpenSSL accepts small-order keys and R that libsodium refuses, so the
// checks of ed25519Rules.ts run first.

// PKCS#8 for Ed25519 is this fixed 16-byte prefix followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
// SPKI for Ed25519 is this fixed 12-byte prefix followed by the 32-byte key.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyOf(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error('an Ed25519 private seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

// Importing a key costs about as much as a verification; journals have few authors.
const keyObjects = new Map<string, KeyObject | null>();
const KEY_CACHE_LIMIT = 10_000;

function publicKeyObject(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('hex');
  let key = keyObjects.get(id);
  if (key === undefined) {
    try {
      key = isAcceptableKey(publicKey) ? createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' }) : null;
    } catch {
      // Not a point on the curve: it cannot have signed anything.
      key = null;
    }
    if (keyObjects.size >= KEY_CACHE_LIMIT) keyObjects.clear();
    keyObjects.set(id, key);
  }
  return key;
}

export const nodeEd25519: Ed25519Backend = {
  name: 'node:crypto',
  publicKeyOf(seed) {
    const spki = createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' });
    return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
  },
  signerOf(seed) {
    const key = privateKeyOf(seed);
    return (message) => new Uint8Array(sign(null, message, key));
  },
  verify(publicKey, message, signature) {
    if (!isAcceptableSignature(signature)) return false;
    const key = publicKeyObject(publicKey);
    if (key === null) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};
