import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore, SecretStoreError, selectSecretStore, storesFromPreference, type SecretStore, type SecretStoreName } from '../../../../main/identity';

/** A store that is never usable, for the fallback logic; touching its secrets is a test failure. */
function unusable(name: SecretStoreName, reason: string, probeThrows = false): SecretStore {
  const never = (): Promise<never> => Promise.reject(new Error(`${name} must not be used`));
  return {
    name,
    description: `fake ${name}`,
    probe: () => (probeThrows ? Promise.reject(new Error(reason)) : Promise.resolve(reason)),
    get: never,
    set: never,
    delete: never,
  };
}

describe('selectSecretStore', () => {
  let dir: string;
  let logs: string[];
  const log = (m: string): void => void logs.push(m);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-select-'));
    logs = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the first usable store without warnings', async () => {
    const file = new FileStore({ dir, passphrase: async () => 'pw' });
    expect(await selectSecretStore([file, unusable('keytar', 'x')], log)).toBe(file);
    expect(logs).toEqual([]);
  });

  it('falls back in order, warning loudly for each skipped store with its reason', async () => {
    const file = new FileStore({ dir, passphrase: async () => 'pw' });
    const keytar = unusable('keytar', 'keytar is not installed');
    const safe = unusable('safeStorage', 'basic_text backend', true);
    expect(await selectSecretStore([keytar, safe, file], log)).toBe(file);
    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(/^WARNING: secret store "keytar" \(fake keytar\) is unusable: keytar is not installed$/);
    expect(logs[1]).toMatch(/^WARNING: secret store "safeStorage".*probe failed: basic_text backend$/);
    expect(logs[2]).toMatch(/^WARNING: secrets will be kept in passphrase-encrypted file/);
  });

  it('throws SecretStoreError listing every reason and fix when no store is usable', async () => {
    const file = new FileStore({ dir, passphrase: async () => null });
    const error: unknown = await selectSecretStore([unusable('keytar', 'Cannot autolaunch D-Bus without X11 $DISPLAY'), file], log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretStoreError);
    const message = (error as SecretStoreError).message;
    expect((error as SecretStoreError).store).toBe('none');
    expect(message).toContain('keytar (fake keytar): Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(message).toMatch(/gnome-keyring/);
    expect(message).toMatch(/file \(passphrase-encrypted file .*\): no passphrase .*set COMMANDPOST_PASSPHRASE or run in a terminal/);
    expect(message).toContain('set COMMANDPOST_PASSPHRASE');
    expect(logs).toHaveLength(2);
  });

  it('rejects an empty candidate list', async () => {
    await expect(selectSecretStore([], log)).rejects.toThrow(SecretStoreError);
  });
});

describe('storesFromPreference', () => {
  const keytar = unusable('keytar', 'k');
  const file = unusable('file', 'f');

  it('keeps every candidate in order when unset or empty', () => {
    expect(storesFromPreference([keytar, file], undefined)).toEqual([keytar, file]);
    expect(storesFromPreference([keytar, file], ' ')).toEqual([keytar, file]);
  });

  it('forces a single store, with no fallback', () => {
    expect(storesFromPreference([keytar, file], 'file')).toEqual([file]);
    expect(storesFromPreference([keytar, file], 'keytar')).toEqual([keytar]);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(() => storesFromPreference([keytar, file], 'vault')).toThrow(/COMMANDPOST_SECRET_STORE=vault .*keytar, safeStorage, file/s);
  });

  it('rejects a store this process does not offer', () => {
    expect(() => storesFromPreference([keytar, file], 'safeStorage')).toThrow(/not available in this process[\s\S]*Electron app/);
  });
});
