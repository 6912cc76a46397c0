import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONFIRM_ATTEMPTS,
  FileStore,
  PassphraseMismatchError,
  WrongPassphraseError,
  envOrTerminalPassphrase,
  loadOrCreateDeviceIdentity,
  selectSecretStore,
  type SecretStore,
} from '../../../../main/identity';

// The file store's passphrase as a headless `serve` and a terminal user meet
// it: asked once per process, confirmed when the file is first made, and a
// wrong one blamed on where it came from.

/** A PassThrough dressed as a TTY: what the prompt reads keystrokes from. */
function fakeTty(): PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): void } {
  return Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => undefined });
}

class Screen {
  text = '';
  write(t: string): boolean {
    this.text += t;
    return true;
  }
  prompts(): number {
    return this.text.split(/passphrase[^:\n]*: /i).length - 1;
  }
}

/** Types `line` once the screen shows prompt number `n` (1-based). */
async function typeAtPrompt(input: PassThrough, screen: Screen, n: number, line: string): Promise<void> {
  await vi.waitFor(() => expect(screen.prompts()).toBeGreaterThanOrEqual(n));
  input.write(`${line}\r`);
}

describe('envOrTerminalPassphrase with the file store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-prompt-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for a new passphrase twice, asks again after a mismatch, then never again in this process', async () => {
    const input = fakeTty();
    const screen = new Screen();
    const store = new FileStore({ dir, passphrase: envOrTerminalPassphrase({}, input, screen) });
    const chosen = selectSecretStore([store], () => undefined);
    await typeAtPrompt(input, screen, 1, 'first try');
    await typeAtPrompt(input, screen, 2, 'typo');
    await vi.waitFor(() => expect(screen.text).toContain('The two passphrases differ; try again.'));
    await typeAtPrompt(input, screen, 3, 'river stone');
    await typeAtPrompt(input, screen, 4, 'river stone');
    expect(await chosen).toBe(store);
    expect(screen.text).toContain('New passphrase: ');
    expect(screen.text).toContain('The same passphrase again: ');
    // Everything later (device key, connector secret, TLS key, kiosk token) uses the passphrase already given.
    await store.set('device-x', 'seed');
    await store.set('tls-x', 'key');
    expect(await store.get('device-x')).toBe('seed');
    expect(screen.prompts()).toBe(4);
    // The confirmed passphrase is the one that opens the file.
    expect(await new FileStore({ dir, passphrase: async () => 'river stone' }).get('tls-x')).toBe('key');
  });

  it('fails clearly after repeated mismatches and creates nothing', async () => {
    const input = fakeTty();
    const screen = new Screen();
    const store = new FileStore({ dir, passphrase: envOrTerminalPassphrase({}, input, screen) });
    const setting = store.set('device-x', 'seed');
    for (let n = 1; n <= 2 * CONFIRM_ATTEMPTS; n++) await typeAtPrompt(input, screen, n, n % 2 === 1 ? 'one' : 'other');
    await expect(setting).rejects.toThrow(PassphraseMismatchError);
    await expect(setting).rejects.toThrow(/did not match \(3 attempts\); nothing was created/);
    expect(await new FileStore({ dir, passphrase: async () => 'one' }).get('device-x')).toBeNull();
  });

  it('unlocks an existing file with one prompt (no confirmation)', async () => {
    await new FileStore({ dir, passphrase: async () => 'pw' }).set('device-x', 'seed');
    const input = fakeTty();
    const screen = new Screen();
    const store = new FileStore({ dir, passphrase: envOrTerminalPassphrase({}, input, screen) });
    const probed = store.probe();
    await typeAtPrompt(input, screen, 1, 'pw');
    expect(await probed).toBeNull();
    expect(await store.get('device-x')).toBe('seed');
    expect(screen.prompts()).toBe(1);
    expect(screen.text).not.toContain('again');
  });

  it('a wrong COMMANDPOST_PASSPHRASE is named as such, not answered with "set COMMANDPOST_PASSPHRASE"', async () => {
    await new FileStore({ dir, passphrase: async () => 'right' }).set('device-x', 'seed');
    const screen = new Screen();
    const store = new FileStore({ dir, passphrase: envOrTerminalPassphrase({ COMMANDPOST_PASSPHRASE: 'wrong' }, fakeTty(), screen) });
    const error = await store.get('device-x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPassphraseError);
    expect((error as Error).message).toContain(`COMMANDPOST_PASSPHRASE does not unlock ${store.file}`);
    expect((error as Error).message).not.toMatch(/set COMMANDPOST_PASSPHRASE,? or/);
    expect(screen.text).toBe(''); // the environment answered; nobody was prompted
  });

  it("the device identity passes the store's advice on for a wrong passphrase", async () => {
    const configDir = join(dir, 'config');
    const right: SecretStore = new FileStore({ dir: configDir, passphrase: async () => ({ value: 'right', from: 'env' }) });
    await loadOrCreateDeviceIdentity({ configDir, stores: [right], log: () => undefined, create: true });
    const wrong = new FileStore({ dir: configDir, passphrase: async () => ({ value: 'wrong', from: 'env' }) });
    const failure = loadOrCreateDeviceIdentity({ configDir, stores: [wrong], log: () => undefined, create: false });
    await expect(failure).rejects.toThrow(/COMMANDPOST_PASSPHRASE does not unlock/);
    await expect(failure).rejects.toThrow(/To fix: set COMMANDPOST_PASSPHRASE to the passphrase this file was created with/);
  });

  it('says once per store that it is unusable, however often a process selects', async () => {
    const broken: SecretStore = {
      name: 'keytar',
      description: 'a keychain that is not there',
      probe: async () => 'keytar is not installed',
      get: async () => null,
      set: async () => undefined,
      delete: async () => false,
    };
    const file = new FileStore({ dir, passphrase: async () => 'pw' });
    const logs: string[] = [];
    for (let i = 0; i < 3; i++) expect(await selectSecretStore([broken, file], (m) => logs.push(m))).toBe(file);
    expect(logs.filter((l) => l.includes('keytar is not installed'))).toHaveLength(1);
    expect(logs).toHaveLength(2);
  });
});
