import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../main/clock';
import { appSecretStores, openCore, withPackagedResources } from '../../../../main/app/core';
import { SafeStorageStore, type SecretStore } from '../../../../main/identity';
import { JOURNAL_FILE } from '../../../../main/workspace';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const safeStorage = (dir: string) =>
  new SafeStorageStore({ dir, safeStorage: { isEncryptionAvailable: () => false, encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() } });

describe('the core the desktop app opens', () => {
  it('points the demo loader at process.resourcesPath/resources only when packaged', () => {
    expect(withPackagedResources({}, true, '/opt/Command Post/resources')).toEqual({ COMMANDPOST_RESOURCES: join('/opt/Command Post/resources', 'resources') });
    expect(withPackagedResources({}, false, '/opt/x')).toEqual({});
    expect(withPackagedResources({ COMMANDPOST_RESOURCES: '/mine' }, true, '/opt/x')).toEqual({ COMMANDPOST_RESOURCES: '/mine' });
  });

  it('offers keytar, then Electron safeStorage, then the passphrase file; COMMANDPOST_SECRET_STORE picks one', () => {
    const names = (stores: SecretStore[]) => stores.map((s) => s.name);
    expect(names(appSecretStores('/cfg', {}, safeStorage('/cfg')))).toEqual(['keytar', 'safeStorage', 'file']);
    expect(names(appSecretStores('/cfg', { COMMANDPOST_SECRET_STORE: 'safeStorage' }, safeStorage('/cfg')))).toEqual(['safeStorage']);
  });

  it('creates the device identity and the demo workspace on first run, and reopens them afterwards', async () => {
    const config = mkdtempSync(join(tmpdir(), 'cp-core-'));
    dirs.push(config);
    const env = { COMMANDPOST_SECRET_STORE: 'file', COMMANDPOST_PASSPHRASE: 'pw-for-tests' };
    const logs: string[] = [];
    const opts = { configDir: config, env, stores: appSecretStores(config, env, safeStorage(config)), clock: systemClock, log: (l: string) => logs.push(l) };
    const first = await openCore(opts);
    try {
      expect(first.createdDemo).toBe(true);
      expect(existsSync(join(config, 'workspaces', 'default', JOURNAL_FILE))).toBe(true);
      expect(first.feed.workspace.me).toBe(first.me);
      expect(Object.keys(first.feed.workspace.state.services).length).toBeGreaterThan(5);
      // The desktop app syncs with the workspace's listed peers, as serve does; none are listed yet.
      expect(first.sync.status()).toMatchObject({ available: true, peers: [] });
    } finally {
      first.sync.close();
      first.feed.close();
    }
    const second = await openCore(opts);
    try {
      expect(second.createdDemo).toBe(false);
      expect(second.me).toBe(first.me);
    } finally {
      second.sync.close();
      second.feed.close();
    }
    expect(logs.filter((l) => l.startsWith('Created the demo workspace'))).toHaveLength(1);
  });
});
