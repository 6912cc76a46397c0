import { SECRET_SERVICE, SECRET_STORE_FIXES, SecretStoreError, messageOf, type SecretStore } from './secretStore';

// The OS keychain through keytar (Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows). keytar is an optional native dependency, so
// it is imported lazily: a missing or unloadable module makes this store
// unusable (and the next one is selected, loudly) instead of crashing startup.

/** The part of keytar this store uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Promise<KeytarApi>;

export const loadKeytar: KeytarLoader = async () => {
  const mod: object = await import('keytar');
  // Node's ESM loader exposes a CommonJS module.exports as `default`; only
  // some of its functions are detected as named exports.
  const api: unknown = 'default' in mod ? mod.default : mod;
  if (!isKeytarApi(api)) throw new Error('the keytar module does not export getPassword/setPassword/deletePassword');
  return api;
};

function isKeytarApi(value: unknown): value is KeytarApi {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.getPassword === 'function' && typeof v.setPassword === 'function' && typeof v.deletePassword === 'function';
}

/** A keychain waiting on an unlock prompt nobody will answer must not hang startup. */
const PROBE_TIMEOUT_MS = 10_000;
const PROBE_ACCOUNT = 'probe';

function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

export class KeytarStore implements SecretStore {
  readonly name = 'keytar';
  readonly description: string;
  private api: Promise<KeytarApi> | null = null;

  constructor(
    readonly service: string = SECRET_SERVICE,
    private readonly load: KeytarLoader = loadKeytar,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.description = `OS keychain (${keychainName(platform)} via keytar, service "${service}")`;
  }

  async probe(): Promise<string | null> {
    let api: KeytarApi;
    try {
      api = await this.keytar();
    } catch (error) {
      return isModuleNotFound(error) ? 'keytar is not installed' : `keytar failed to load: ${messageOf(error)}`;
    }
    // Loading the module proves nothing on Linux: only a real call reaches the
    // Secret Service over D-Bus, and that is what fails on a headless box.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`the keychain did not answer within ${PROBE_TIMEOUT_MS / 1000} s (locked, waiting for an unlock prompt?)`),
        PROBE_TIMEOUT_MS,
      );
      timer.unref();
    });
    const call = api.getPassword(this.service, PROBE_ACCOUNT).then(
      () => null,
      (error: unknown) => `the keychain is not reachable: ${messageOf(error)}`,
    );
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(account: string): Promise<string | null> {
    return this.call('read', account, (api) => api.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    return this.call('store', account, (api) => api.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.call('delete', account, (api) => api.deletePassword(this.service, account));
  }

  private keytar(): Promise<KeytarApi> {
    if (this.api === null) {
      this.api = this.load();
      this.api.catch(() => {
        this.api = null; // let a later call retry rather than cache the failure
      });
    }
    return this.api;
  }

  private async call<T>(verb: string, account: string, op: (api: KeytarApi) => Promise<T>): Promise<T> {
    try {
      return await op(await this.keytar());
    } catch (error) {
      throw new SecretStoreError('keytar', `could not ${verb} "${account}" in ${this.description}: ${messageOf(error)}`, SECRET_STORE_FIXES.keytar, {
        cause: error,
      });
    }
  }
}

function isModuleNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND');
}
