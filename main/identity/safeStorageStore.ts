import { join } from 'node:path';
import { z } from 'zod';
import { SerialQueue, readFileIfExists, writeFileAtomic } from './atomicFile';
import { SECRET_STORE_FIXES, SecretStoreError, messageOf, type SecretStore } from './secretStore';

// Electron's safeStorage encrypts with a key held by the OS keyring, but only
// hands back ciphertext: we keep that in a JSON file of our own. Electron is
// injected (only main/app may import it), and safeStorage is only usable
// after the app's 'ready' event, which is the composition root's business.

/** The shape of Electron's `safeStorage` that this store needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const SAFE_STORAGE_FILE = 'secrets.safestorage.json';

const fileSchema = z.object({
  version: z.literal(1),
  /** account -> base64 of the safeStorage ciphertext */
  entries: z.record(z.string(), z.string()),
});
type SafeStorageFile = z.infer<typeof fileSchema>;

const CORRUPT_FIX = 'restore the file from a backup; otherwise move it aside and run `commandpost init` to create a new device identity';

export class SafeStorageStore implements SecretStore {
  readonly name = 'safeStorage';
  readonly description = 'Electron safeStorage (OS-keyring-protected key, ciphertext in a file)';
  readonly file: string;
  private readonly safeStorage: SafeStorageLike;
  private readonly backend: (() => string) | undefined;
  private readonly queue = new SerialQueue();

  constructor(opts: {
    safeStorage: SafeStorageLike;
    /** Directory for the ciphertext file. */
    dir: string;
    /** Electron's `safeStorage.getSelectedStorageBackend` (Linux only). */
    backend?: () => string;
  }) {
    this.safeStorage = opts.safeStorage;
    this.backend = opts.backend;
    this.file = join(opts.dir, SAFE_STORAGE_FILE);
  }

  async probe(): Promise<string | null> {
    try {
      // With no keyring, Electron on Linux "encrypts" with a password that is
      // hard-coded in Chromium: anyone who can read the file can decrypt it.
      const backend = this.backend?.();
      if (backend === 'basic_text') {
        return "Electron safeStorage is on the 'basic_text' backend (hard-coded password, no keyring): that is obfuscation, not protection";
      }
      if (!this.safeStorage.isEncryptionAvailable()) return 'Electron safeStorage reports that encryption is not available';
      return null;
    } catch (error) {
      return `Electron safeStorage failed: ${messageOf(error)}`;
    }
  }

  get(account: string): Promise<string | null> {
    return this.queue.run(async () => {
      const { entries } = await this.read();
      const ciphertext = Object.hasOwn(entries, account) ? entries[account] : undefined;
      if (ciphertext === undefined) return null;
      try {
        return this.safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch (error) {
        throw this.error(`could not decrypt "${account}" from ${this.file}: ${messageOf(error)}`, error);
      }
    });
  }

  set(account: string, secret: string): Promise<void> {
    return this.queue.run(async () => {
      const data = await this.read();
      let ciphertext: Buffer;
      try {
        ciphertext = this.safeStorage.encryptString(secret);
      } catch (error) {
        throw this.error(`could not encrypt "${account}": ${messageOf(error)}`, error);
      }
      data.entries[account] = ciphertext.toString('base64');
      await this.write(data);
    });
  }

  delete(account: string): Promise<boolean> {
    return this.queue.run(async () => {
      const data = await this.read();
      if (!Object.hasOwn(data.entries, account)) return false;
      delete data.entries[account];
      await this.write(data);
      return true;
    });
  }

  private async read(): Promise<SafeStorageFile> {
    const bytes = await readFileIfExists(this.file);
    if (bytes === null) return { version: 1, entries: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw this.error(`${this.file} is not valid JSON (corrupt or truncated): ${messageOf(error)}`, error, CORRUPT_FIX);
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      throw this.error(`${this.file} is not a Command Post safeStorage file: ${z.prettifyError(result.error)}`, result.error, CORRUPT_FIX);
    }
    return result.data;
  }

  private async write(data: SafeStorageFile): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }

  private error(problem: string, cause?: unknown, fix = SECRET_STORE_FIXES.safeStorage): SecretStoreError {
    return new SecretStoreError('safeStorage', problem, fix, { cause });
  }
}
