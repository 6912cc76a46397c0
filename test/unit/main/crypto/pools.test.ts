import { afterEach, describe, expect, it } from 'vitest';
import { ED25519_ENV } from '../../../../main/crypto/ed25519Backend';
import { nodeEd25519 } from '../../../../main/crypto/nodeEd25519';
import { SigningPool } from '../../../../main/crypto/signingPool';
import { VerifyPool } from '../../../../main/crypto/verifyPool';
import { generateKeyPair, signerFromSeed } from '../../../../main/crypto';
import { toBase64Url } from '../../../../shared/bytes';
import { ED25519_VECTORS } from './ed25519Vectors';

// The pools start their typed worker files from source here (main/crypto/workerFile.ts);
// the built ones are checked by the CLI's own tests.

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const saved = process.env[ED25519_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[ED25519_ENV];
  else process.env[ED25519_ENV] = saved;
});

describe.each([
  ['libsodium', undefined],
  ['node:crypto', 'node:crypto'],
])('worker pools on %s', (_, env) => {
  it('verify the edge-case vectors as the main thread does', async () => {
    if (env !== undefined) process.env[ED25519_ENV] = env;
    const pool = new VerifyPool(2);
    try {
      const checks = ED25519_VECTORS.map((v) => ({ publicKey: toBase64Url(hex(v.publicKey)), message: hex(v.message), signature: hex(v.signature) }));
      // A key string that is not canonical base64url names no key, whatever bytes it decodes to.
      const honest = checks[0]!;
      checks.push({ ...honest, publicKey: honest.publicKey.slice(0, -1) + String.fromCharCode(honest.publicKey.charCodeAt(42) + 1) });
      expect(await pool.verify(checks)).toEqual([...ED25519_VECTORS.map((v) => v.valid), false]);
    } finally {
      await pool.close();
    }
  });

  it('sign in order, with the signatures the main thread makes', async () => {
    if (env !== undefined) process.env[ED25519_ENV] = env;
    const { seed } = generateKeyPair();
    const pool = new SigningPool(seed, 2);
    try {
      const messages = Array.from({ length: 301 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
      const signatures = await pool.sign(messages);
      const direct = nodeEd25519.signerOf(Buffer.from(seed, 'base64url'));
      expect(signatures.map((s) => Buffer.from(s).toString('hex'))).toEqual(messages.map((m) => Buffer.from(direct(m)).toString('hex')));
      expect(signerFromSeed(seed).sign(messages[0]!)).toEqual(signatures[0]);
    } finally {
      await pool.close();
    }
  });
});
