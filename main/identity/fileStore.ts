import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { SerialQueue, readFileIfExists, writeFileAtomic } from './atomicFile';
import { PASSPHRASE_ENV, type PassphraseSource, type SourcedPassphrase } from './passphraseSource';
import { SECRET_STORE_FIXES, SecretStoreError, messageOf, type SecretStore } from './secretStore';

// The last resort when there is no keychain: all of a store's secrets as one
// JSON map, encrypted with AES-256-GCM under a key stretched from a
// passphrase by scrypt. Every write draws a fresh salt and nonce, so no
// (key, nonce) pair is ever reused. Plaintext only ever exists in memory.

export const SECRET_FILE = 'secrets.enc.json';

const KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CORRUPT_FIX = 'restore the file from a backup; otherwise move it aside and run `commandpost init` to create a new device identity';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const fileSchema = z.object({
  version: z.literal(1),
  // Bounded so a crafted file cannot make us allocate gigabytes.
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.literal(32),
  }),
  cipher: z.literal('aes-256-gcm'),
  salt: base64,
  nonce: base64,
  ciphertext: base64,
  tag: base64,
});
type SecretFile = z.infer<typeof fileSchema>;
type KdfParams = SecretFile['kdf'];
const entriesSchema = z.record(z.string(), z.string());

/** Where the passphrase that failed came from: the message blames that, not something the user did not do. */
type PassphraseOrigin = SourcedPassphrase['from'] | 'caller';

const WRONG_PASSPHRASE: Record<PassphraseOrigin, (file: string) => { problem: string; fix: string }> = {
  env: (file) => ({
    problem: `${PASSPHRASE_ENV} does not unlock ${file} (or the file was altered)`,
    fix: `set ${PASSPHRASE_ENV} to the passphrase this file was created with; the file has not been changed`,
  }),
  terminal: (file) => ({
    problem: `the passphrase typed does not unlock ${file} (or the file was altered)`,
    fix: 'type the passphrase this file was created with; the file has not been changed',
  }),
  caller: (file) => ({
    problem: `wrong passphrase for ${file} (or the file was altered): it could not be decrypted`,
    fix: `check ${PASSPHRASE_ENV} or the passphrase you typed; the file has not been changed`,
  }),
};

/** The passphrase did not open the file (GCM authentication failed). The file is untouched. */
export class WrongPassphraseError extends SecretStoreError {
  constructor(
    readonly file: string,
    readonly origin: PassphraseOrigin = 'caller',
  ) {
    const { problem, fix } = WRONG_PASSPHRASE[origin](file);
    super('file', problem, fix);
    this.name = 'WrongPassphraseError';
  }
}

/** The file is not a readable secret file (truncated, edited, or something else). The file is untouched. */
export class CorruptSecretFileError extends SecretStoreError {
  constructor(
    readonly file: string,
    detail: string,
    cause?: unknown,
  ) {
    super('file', `${file} is corrupt or truncated: ${detail}`, CORRUPT_FIX, { cause });
    this.name = 'CorruptSecretFileError';
  }
}

function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  // Node refuses scrypt above maxmem (32 MiB by default), and N=2^15, r=8
  // needs exactly 32 MiB (128 * N * r), so allow twice that.
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 2 * 128 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    // NFC, so the same passphrase typed on another OS or keyboard layout derives the same key.
    scrypt(passphrase.normalize('NFC'), salt, kdf.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Binds the header to the ciphertext, so changed KDF parameters fail authentication. */
function associatedData(kdf: KdfParams): Buffer {
  return Buffer.from(`commandpost-secret-file:v1:${kdf.name}:${kdf.N}:${kdf.r}:${kdf.p}:${kdf.keyLength}:aes-256-gcm`, 'utf8');
}

export class FileStore implements SecretStore {
  readonly name = 'file';
  readonly description: string;
  readonly file: string;
  private readonly passphraseSource: PassphraseSource;
  private passphrase: { value: string; origin: PassphraseOrigin } | null = null;
  private readonly queue = new SerialQueue();

  constructor(opts: { dir: string; passphrase: PassphraseSource }) {
    this.file = join(opts.dir, SECRET_FILE);
    this.passphraseSource = opts.passphrase;
    this.description = `passphrase-encrypted file ${this.file} (scrypt + AES-256-GCM)`;
  }

  async probe(): Promise<string | null> {
    try {
      // Asked here, once, when the store is chosen: a headless `serve` must not prompt mid-run.
      await this.obtainPassphrase((await readFileIfExists(this.file)) === null);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  get(account: string): Promise<string | null> {
    return this.queue.run(async () => (await this.load()).get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    return this.queue.run(async () => {
      // Decrypt first: a wrong passphrase must fail here, before anything is written.
      const entries = await this.load();
      entries.set(account, secret);
      await this.save(entries);
    });
  }

  delete(account: string): Promise<boolean> {
    return this.queue.run(async () => {
      const entries = await this.load();
      if (!entries.delete(account)) return false;
      await this.save(entries);
      return true;
    });
  }

  private async obtainPassphrase(creating: boolean): Promise<{ value: string; origin: PassphraseOrigin }> {
    if (this.passphrase !== null) return this.passphrase;
    const answer = await this.passphraseSource({ file: this.file, creating });
    const obtained =
      typeof answer === 'string' ? { value: answer, origin: 'caller' as const } : answer === null ? null : { value: answer.value, origin: answer.from };
    if (obtained === null || obtained.value === '') {
      throw new SecretStoreError('file', `no passphrase for ${this.file}: set ${PASSPHRASE_ENV} or run in a terminal`, SECRET_STORE_FIXES.file);
    }
    // Kept for this process only, so a terminal user is asked once, not per operation.
    this.passphrase = obtained;
    return obtained;
  }

  private async load(): Promise<Map<string, string>> {
    const bytes = await readFileIfExists(this.file);
    if (bytes === null) return new Map();
    const sealed = this.parse(bytes);
    const passphrase = await this.obtainPassphrase(false);
    const key = await deriveKey(passphrase.value, sealed.salt, sealed.kdf);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(sealed.kdf));
      decipher.setAuthTag(sealed.tag);
      plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch {
      this.passphrase = null; // ask again next time rather than repeat the wrong one
      throw new WrongPassphraseError(this.file, passphrase.origin);
    }
    try {
      return new Map(Object.entries(entriesSchema.parse(JSON.parse(plaintext.toString('utf8')))));
    } catch (error) {
      throw new CorruptSecretFileError(this.file, `decrypted content is not a secret map: ${messageOf(error)}`, error);
    } finally {
      plaintext.fill(0);
    }
  }

  private parse(bytes: Buffer): { kdf: KdfParams; salt: Buffer; nonce: Buffer; ciphertext: Buffer; tag: Buffer } {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new CorruptSecretFileError(this.file, `not valid JSON (${messageOf(error)})`, error);
    }
    const result = fileSchema.safeParse(json);
    if (!result.success) throw new CorruptSecretFileError(this.file, z.prettifyError(result.error).replace(/\n/g, '; '), result.error);
    const f = result.data;
    const sealed = {
      kdf: f.kdf,
      salt: Buffer.from(f.salt, 'base64'),
      nonce: Buffer.from(f.nonce, 'base64'),
      ciphertext: Buffer.from(f.ciphertext, 'base64'),
      tag: Buffer.from(f.tag, 'base64'),
    };
    if (sealed.salt.length !== SALT_BYTES || sealed.nonce.length !== NONCE_BYTES || sealed.tag.length !== TAG_BYTES) {
      throw new CorruptSecretFileError(this.file, `salt, nonce or tag has the wrong length (${SALT_BYTES}, ${NONCE_BYTES}, ${TAG_BYTES} bytes expected)`);
    }
    return sealed;
  }

  private async save(entries: Map<string, string>): Promise<void> {
    const passphrase = await this.obtainPassphrase(true);
    const kdf: KdfParams = { ...KDF };
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const key = await deriveKey(passphrase.value, salt, kdf);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(kdf));
    const plaintext = Buffer.from(JSON.stringify(Object.fromEntries(entries)), 'utf8');
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    plaintext.fill(0);
    const file: SecretFile = {
      version: 1,
      kdf,
      cipher: 'aes-256-gcm',
      salt: salt.toString('base64'),
      nonce: nonce.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
    await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`);
  }
}
