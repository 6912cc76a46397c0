import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../main/clock';
import { deviceSecretStores, openDeviceCore } from '../../../../main/core';
import { SafeStorageStore, type SecretStore } from '../../../../main/identity';
import { JOURNAL_FILE } from '../../../../main/workspace';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const safeStorage = (dir: string) =>
  new SafeStorageStore({ dir, safeStorage: { isEncryptionAvailable: () => false, encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() } });

describe('the core the desktop app opens (in its utility process)', () => {
  it('offers keytar, then Electron safeStorage, then the passphrase file; COMMANDPOST_SECRET_STORE picks one', () => {
    const names = (stores: SecretStore[]) => stores.map((s) => s.name);
    expect(names(deviceSecretStores('/cfg', {}, safeStorage('/cfg')))).toEqual(['keytar', 'safeStorage', 'file']);
    expect(names(deviceSecretStores('/cfg', { COMMANDPOST_SECRET_STORE: 'safeStorage' }, safeStorage('/cfg')))).toEqual(['safeStorage']);
  });

  it('creates the device identity and the demo workspace on first run, and reopens them afterwards', async () => {
    const config = mkdtempSync(join(tmpdir(), 'cp-core-'));
    dirs.push(config);
    const env = { COMMANDPOST_SECRET_STORE: 'file', COMMANDPOST_PASSPHRASE: 'pw-for-tests' };
    const logs: string[] = [];
    const opts = { configDir: config, env, stores: deviceSecretStores(config, env, safeStorage(config)), clock: systemClock, log: (l: string) => logs.push(l) };
    const first = await openDeviceCore(opts);
    try {
      expect(first.createdDemo).toBe(true);
      expect(existsSync(join(config, 'workspaces', 'default', JOURNAL_FILE))).toBe(true);
      expect(first.core.feed.workspace.me).toBe(first.core.me);
      expect(Object.keys(first.core.feed.workspace.state.services).length).toBeGreaterThan(5);
      // The desktop app syncs with the workspace's listed peers, as serve does; none are listed yet.
      expect(first.core.sync?.status()).toMatchObject({ available: true, peers: [] });
      expect(first.core.handle('session:get', {})).toMatchObject({ ok: true, value: { transport: 'electron-ipc', me: first.core.me } });
    } finally {
      first.core.close();
    }
    const second = await openDeviceCore(opts);
    try {
      expect(second.createdDemo).toBe(false);
      expect(second.core.me).toBe(first.core.me);
    } finally {
      second.core.close();
    }
    expect(logs.filter((l) => l.startsWith('Created the demo workspace'))).toHaveLength(1);
  });
});
