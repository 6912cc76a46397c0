import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hasSmallOrder, isCanonicalPoint, isCanonicalScalar, SMALL_ORDER_ENCODINGS } from '../../../../main/crypto/ed25519Rules';
import { nodeEd25519 } from '../../../../main/crypto/nodeEd25519';
import { loadSodiumEd25519 } from '../../../../main/crypto/sodiumEd25519';
import type { Ed25519Backend } from '../../../../main/crypto/ed25519Backend';
import { ED25519_VECTORS } from './ed25519Vectors';

// Every peer must reach the same verdict on every signature, whichever library
// it loaded: the vectors run against both backends, and against the raw
// libraries to show that the rules close exactly the gap between them.

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const sodiumLoad = loadSodiumEd25519();
if (!sodiumLoad.ok) throw new Error(`sodium-native is a dependency and must load here: ${sodiumLoad.reason}`);
const sodium = sodiumLoad.backend;
const backends: [string, Ed25519Backend][] = [
  ['libsodium', sodium],
  ['node:crypto', nodeEd25519],
];
const rawSodium = createRequire(import.meta.url)('sodium-native') as {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
};

function rawOpenSsl(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

describe('Ed25519 verdicts', () => {
  describe.each(backends)('%s', (_, backend) => {
    it.each(ED25519_VECTORS.map((v) => [v.name, v] as const))('%s', (_name, v) => {
      expect(backend.verify(hex(v.publicKey), hex(v.message), hex(v.signature))).toBe(v.valid);
    });
  });

  it.each(ED25519_VECTORS.map((v) => [v.name, v] as const))('raw libsodium = the rules + raw OpenSSL: %s', (_name, v) => {
    const [publicKey, message, signature] = [hex(v.publicKey), hex(v.message), hex(v.signature)];
    const rules =
      isCanonicalPoint(publicKey) && !hasSmallOrder(publicKey) && !hasSmallOrder(signature.subarray(0, 32)) && isCanonicalScalar(signature.subarray(32));
    expect(rawSodium.crypto_sign_verify_detached(signature, message, publicKey)).toBe(rules && rawOpenSsl(publicKey, message, signature));
  });

  // Each listed encoding, with and without the sign bit, is a key with which a
  // forgery (R = identity, S = 0) passes raw OpenSSL for a message whose hash
  // is 0 mod 8; both backends refuse it.
  const identity = hex('01'.padEnd(64, '0'));
  const forgery = new Uint8Array(64);
  forgery.set(identity);
  const L = (1n << 252n) + 27742317777372353535851937790883648493n;
  const hashMod8 = (publicKey: Uint8Array, message: Uint8Array) =>
    (BigInt('0x' + Buffer.from(createHash('sha512').update(identity).update(publicKey).update(message).digest()).reverse().toString('hex')) % L) % 8n;
  const keys = SMALL_ORDER_ENCODINGS.flatMap((e) => [e, Uint8Array.from(e, (b, i) => (i === 31 ? b | 0x80 : b))]);
  it.each(keys.map((k) => [Buffer.from(k).toString('hex'), k] as const))('small-order key %s', (_hex, key) => {
    let message = new Uint8Array(0);
    for (let i = 0; hashMod8(key, message) !== 0n; i++) message = new TextEncoder().encode(`forged ${i}`);
    if (isCanonicalPoint(key)) expect(rawOpenSsl(key, message, forgery)).toBe(true);
    for (const [, backend] of backends) expect(backend.verify(key, message, forgery)).toBe(false);
  });

  it('reads the edges of the canonical ranges right', () => {
    const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 255n));
    const p = (1n << 255n) - 19n;
    expect([isCanonicalScalar(le(L - 1n)), isCanonicalScalar(le(L)), isCanonicalScalar(le(L + 1n))]).toEqual([true, false, false]);
    expect([isCanonicalPoint(le(p - 1n)), isCanonicalPoint(le(p)), isCanonicalPoint(le((1n << 255n) - 1n))]).toEqual([true, false, false]);
    expect(isCanonicalPoint(le(p - 1n + (1n << 255n)))).toBe(true);
  });
});

describe('Ed25519 signatures', () => {
  // RFC 8032 section 7.1, tests 1 and 2.
  const rfc = [
    {
      seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ];

  it.each(backends)('%s signs the RFC 8032 vectors', (_, backend) => {
    for (const v of rfc) {
      expect(Buffer.from(backend.publicKeyOf(hex(v.seed))).toString('hex')).toBe(v.publicKey);
      expect(Buffer.from(backend.signerOf(hex(v.seed))(hex(v.message))).toString('hex')).toBe(v.signature);
    }
  });

  it('gives identical keys and signatures from both libraries, each verifying the other', () => {
    for (let i = 0; i < 50; i++) {
      const seed = randomBytes(32);
      const message = randomBytes(i * 7);
      const publicKey = sodium.publicKeyOf(seed);
      expect(nodeEd25519.publicKeyOf(seed)).toEqual(publicKey);
      const signature = sodium.signerOf(seed)(message);
      expect(nodeEd25519.signerOf(seed)(message)).toEqual(signature);
      for (const [, backend] of backends) {
        expect(backend.verify(publicKey, message, signature)).toBe(true);
        const tampered = Uint8Array.from(signature, (b, j) => (j === i % 64 ? b ^ 1 : b));
        expect(backend.verify(publicKey, message, tampered)).toBe(false);
      }
    }
  });

  it.each(backends)('%s says no, without throwing, to malformed input', (_, backend) => {
    const seed = randomBytes(32);
    const publicKey = backend.publicKeyOf(seed);
    const signature = backend.signerOf(seed)(new Uint8Array([1]));
    expect(backend.verify(publicKey.subarray(0, 31), new Uint8Array([1]), signature)).toBe(false);
    expect(backend.verify(publicKey, new Uint8Array([1]), signature.subarray(0, 63))).toBe(false);
    expect(backend.verify(publicKey, new Uint8Array([1]), new Uint8Array(65))).toBe(false);
    expect(() => backend.signerOf(seed.subarray(0, 31))).toThrow(/32 bytes/);
  });
});
