import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, nodeCrypto } from '../../../../main/crypto';
import {
  DeviceIdentityError,
  FileStore,
  NoDeviceIdentityError,
  describeIdentity,
  loadOrCreateDeviceIdentity,
  type SecretStore,
} from '../../../../main/identity';

const unusableKeytar: SecretStore = {
  name: 'keytar',
  description: 'fake keychain',
  probe: async () => 'keytar is not installed',
  get: () => Promise.reject(new Error('unusable')),
  set: () => Promise.reject(new Error('unusable')),
  delete: () => Promise.reject(new Error('unusable')),
};

describe('loadOrCreateDeviceIdentity', () => {
  let root: string;
  let configDir: string;
  let secrets: FileStore;
  let logs: string[];
  const log = (m: string): void => void logs.push(m);
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cp-identity-'));
    configDir = join(root, 'config');
    secrets = new FileStore({ dir: join(root, 'secrets'), passphrase: async () => 'pw' });
    logs = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses to invent an identity unless asked to create one', async () => {
    const error: unknown = await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoDeviceIdentityError);
    expect((error as Error).message).toMatch(/no device identity.*run `commandpost init`/);
    expect(await describeIdentity(configDir)).toBeNull();
  });

  it('creates a key, records only public data, and reloads the same key with a signer that verifies', async () => {
    const created = await loadOrCreateDeviceIdentity({ configDir, stores: [unusableKeytar, secrets], log, create: true });
    expect(created.store).toBe(secrets);
    expect(created.account).toBe(`device-${created.publicKey}`);
    expect(logs.some((l) => l.startsWith('WARNING: secret store "keytar"'))).toBe(true);

    const file = join(configDir, 'identity.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const recorded: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(recorded).toEqual({ version: 1, publicKey: created.publicKey, store: 'file', account: created.account });
    const seed = await secrets.get(created.account);
    expect(seed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(file, 'utf8')).includes(seed ?? '<none>')).toBe(false);
    expect(await describeIdentity(configDir)).toEqual(recorded);

    const loaded = await loadOrCreateDeviceIdentity({ configDir, stores: [unusableKeytar, secrets], log, create: false });
    expect(loaded.publicKey).toBe(created.publicKey);
    expect(loaded.signer.publicKey).toBe(created.publicKey);
    const message = new TextEncoder().encode('entry bytes');
    expect(nodeCrypto.verify(created.publicKey, message, loaded.signer.sign(message))).toBe(true);
    expect(nodeCrypto.verify(created.publicKey, new TextEncoder().encode('other'), loaded.signer.sign(message))).toBe(false);
  });

  it('is idempotent: create on an existing identity loads it', async () => {
    const first = await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true });
    const second = await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true });
    expect(second.publicKey).toBe(first.publicKey);
  });

  it('gives two config dirs sharing one store distinct keys and accounts', async () => {
    const a = await loadOrCreateDeviceIdentity({ configDir: join(root, 'a'), stores: [secrets], log, create: true });
    const b = await loadOrCreateDeviceIdentity({ configDir: join(root, 'b'), stores: [secrets], log, create: true });
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(a.account).not.toBe(b.account);
    expect((await loadOrCreateDeviceIdentity({ configDir: join(root, 'a'), stores: [secrets], log, create: false })).publicKey).toBe(a.publicKey);
    expect((await loadOrCreateDeviceIdentity({ configDir: join(root, 'b'), stores: [secrets], log, create: false })).publicKey).toBe(b.publicKey);
  });

  it('uses the recorded store, and fails clearly when it is unusable rather than falling back', async () => {
    await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true });
    const locked = new FileStore({ dir: join(root, 'secrets'), passphrase: async () => null });
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [locked], log, create: false })).rejects.toThrow(
      /identity\.json: the device key is in passphrase-encrypted file .* which is unusable: no passphrase/,
    );
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [unusableKeytar], log, create: true })).rejects.toThrow(
      /"file" secret store, which is not available in this process/,
    );
  });

  it('fails clearly when the secret is missing', async () => {
    const created = await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true });
    await secrets.delete(created.account);
    const error: unknown = await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceIdentityError);
    expect((error as Error).message).toMatch(/device key "device-.*" is missing from passphrase-encrypted file[\s\S]*commandpost init/);
  });

  it('fails clearly when the secret does not match the recorded public key', async () => {
    const created = await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true });
    await secrets.set(created.account, generateKeyPair().seed);
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: false })).rejects.toThrow(
      new RegExp(`belongs to public key .*, not the recorded ${created.publicKey}`),
    );
    await secrets.set(created.account, 'not a seed');
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: false })).rejects.toThrow(/is not an Ed25519 seed/);
  });

  it('reports a corrupt identity.json as DeviceIdentityError naming the file', async () => {
    await loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true });
    await writeFile(join(configDir, 'identity.json'), '{"version":1,"publicKey":"short"');
    await expect(describeIdentity(configDir)).rejects.toThrow(/identity\.json: not valid JSON/);
    await writeFile(join(configDir, 'identity.json'), '{"version":1,"publicKey":"short","store":"file","account":"a"}');
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [secrets], log, create: true })).rejects.toThrow(DeviceIdentityError);
  });

  it('reports when no store can hold a new key', async () => {
    await expect(loadOrCreateDeviceIdentity({ configDir, stores: [unusableKeytar], log, create: true })).rejects.toThrow(/no usable secret store/);
    expect(await describeIdentity(configDir)).toBeNull();
  });
});
