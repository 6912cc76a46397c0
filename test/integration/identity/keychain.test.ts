import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../main/crypto';
import { KeytarStore, loadOrCreateDeviceIdentity } from '../../../main/identity';

// Talks to a REAL OS keychain through keytar. It never skips: a machine
// without a keychain fails here, saying how to provide one, because a skipped
// test would hide that the primary secret store is broken.

const service = `commandpost-test-${process.pid}-${randomBytes(4).toString('hex')}`;
const store = new KeytarStore(service);
const created: string[] = [];
let keychainProblem: Promise<string | null> | undefined;

describe('keytar against the real keychain', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cp-keychain-'));
  });

  // In beforeEach rather than beforeAll so every test is reported as failed,
  // not as skipped under a failed suite.
  beforeEach(async () => {
    keychainProblem ??= store.probe();
    const reason = await keychainProblem;
    if (reason !== null) {
      throw new Error(
        `No usable OS keychain: ${reason}\n` +
          'Run these tests under scripts/with-keyring.sh, which starts a private D-Bus session with an unlocked gnome-keyring:\n' +
          '  sh scripts/with-keyring.sh npx vitest run test/integration/identity',
      );
    }
  });

  afterAll(async () => {
    // Leave nothing behind in a real (possibly the developer's own) keychain.
    for (const account of created) await store.delete(account).catch(() => false);
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('stores, reads back and deletes a secret under a unique service', async () => {
    const account = `roundtrip-${randomBytes(4).toString('hex')}`;
    created.push(account);
    const secret = randomBytes(32).toString('base64url');
    expect(await store.get(account)).toBeNull();
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);
    expect(await new KeytarStore(service).get(account)).toBe(secret);
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('creates and reloads a device identity kept in the keychain', async () => {
    const configDir = join(root, 'config');
    const logs: string[] = [];
    const identity = await loadOrCreateDeviceIdentity({ configDir, stores: [store], log: (m) => logs.push(m), create: true });
    created.push(identity.account);
    expect(identity.store).toBe(store);
    expect(logs).toEqual([]);
    const recorded = await readFile(join(configDir, 'identity.json'), 'utf8');
    expect(JSON.parse(recorded)).toEqual({ version: 1, publicKey: identity.publicKey, store: 'keytar', account: identity.account });
    const seed = await store.get(identity.account);
    expect(seed).not.toBeNull();
    expect(recorded.includes(seed ?? '<none>')).toBe(false);

    const reloaded = await loadOrCreateDeviceIdentity({ configDir, stores: [new KeytarStore(service)], log: (m) => logs.push(m), create: false });
    expect(reloaded.publicKey).toBe(identity.publicKey);
    const message = new TextEncoder().encode('signed by the keychain key');
    expect(nodeCrypto.verify(identity.publicKey, message, reloaded.signer.sign(message))).toBe(true);

    expect(await store.delete(identity.account)).toBe(true);
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [store], log: (m) => logs.push(m), create: false })).rejects.toThrow(
      /is missing from OS keychain/,
    );
  });
});
