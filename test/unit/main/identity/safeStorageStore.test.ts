import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageStore, SecretStoreError, type SafeStorageLike } from '../../../../main/identity';

/** Stands in for Electron's safeStorage: reversible, and visibly not the plaintext. */
function fakeSafeStorage(available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
  };
}

describe('SafeStorageStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-safestorage-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through safeStorage, keeping only ciphertext on disk with mode 0600', async () => {
    const store = new SafeStorageStore({ safeStorage: fakeSafeStorage(), dir, backend: () => 'gnome_libsecret' });
    expect(await store.probe()).toBeNull();
    await store.set('device-a', 'seed-a');
    expect(await new SafeStorageStore({ safeStorage: fakeSafeStorage(), dir }).get('device-a')).toBe('seed-a');
    expect(await store.get('toString')).toBeNull();
    expect((await readFile(store.file, 'utf8')).includes('seed-a')).toBe(false);
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await store.delete('device-a')).toBe(true);
    expect(await store.delete('device-a')).toBe(false);
    expect(await store.get('device-a')).toBeNull();
  });

  it("is unusable on Linux's basic_text backend (a hard-coded password is not protection)", async () => {
    const store = new SafeStorageStore({ safeStorage: fakeSafeStorage(), dir, backend: () => 'basic_text' });
    expect(await store.probe()).toMatch(/basic_text.*obfuscation, not protection/);
  });

  it('is unusable when encryption is not available, and probe never throws', async () => {
    expect(await new SafeStorageStore({ safeStorage: fakeSafeStorage(false), dir }).probe()).toMatch(/not available/);
    const broken: SafeStorageLike = {
      ...fakeSafeStorage(),
      isEncryptionAvailable: () => {
        throw new Error('app not ready');
      },
    };
    expect(await new SafeStorageStore({ safeStorage: broken, dir }).probe()).toMatch(/app not ready/);
  });

  it('reports a corrupt file as SecretStoreError naming it, without rewriting it', async () => {
    const store = new SafeStorageStore({ safeStorage: fakeSafeStorage(), dir });
    await writeFile(store.file, '{"version":1,"entries":');
    await expect(store.get('a')).rejects.toThrow(SecretStoreError);
    await expect(store.set('a', 'b')).rejects.toThrow(store.file);
    expect(await readFile(store.file, 'utf8')).toBe('{"version":1,"entries":');
  });
});
