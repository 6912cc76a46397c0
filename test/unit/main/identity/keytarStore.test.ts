import { describe, expect, it } from 'vitest';
import { KeytarStore, SecretStoreError, type KeytarApi } from '../../../../main/identity';

// The real keychain is exercised in test/integration/identity; these cover
// how an absent or broken keytar is reported.

function moduleNotFound(): Error {
  return Object.assign(new Error("Cannot find package 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' });
}

const unreachable: KeytarApi = {
  getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
};

describe('KeytarStore', () => {
  it('reports a missing keytar module as "keytar is not installed"', async () => {
    const store = new KeytarStore('commandpost-test', () => Promise.reject(moduleNotFound()));
    expect(await store.probe()).toBe('keytar is not installed');
    await expect(store.get('a')).rejects.toThrow(SecretStoreError);
  });

  it('reports a keytar that fails to load with the loader message', async () => {
    const store = new KeytarStore('commandpost-test', () => Promise.reject(new Error('keytar.node: wrong ELF class')));
    expect(await store.probe()).toBe('keytar failed to load: keytar.node: wrong ELF class');
  });

  it('reports an unreachable keychain with the underlying message', async () => {
    const store = new KeytarStore('commandpost-test', async () => unreachable);
    expect(await store.probe()).toBe('the keychain is not reachable: Cannot autolaunch D-Bus without X11 $DISPLAY');
    await expect(store.set('device-x', 's')).rejects.toThrow(/could not store "device-x" in OS keychain .*Cannot autolaunch D-Bus/);
  });

  it('names the keychain and service in its description', () => {
    expect(new KeytarStore('commandpost', async () => unreachable, 'linux').description).toBe('OS keychain (Secret Service via keytar, service "commandpost")');
    expect(new KeytarStore(undefined, async () => unreachable, 'darwin').description).toMatch(/macOS Keychain/);
  });
});
