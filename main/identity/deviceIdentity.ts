import { join } from 'node:path';
import { z } from 'zod';
import { generateKeyPair, signerFromSeed } from '../crypto';
import type { Signer } from '../../shared/journal';
import { isErrno, readFileIfExists, writeFileAtomic } from './atomicFile';
import { selectSecretStore } from './selectStore';
import { SECRET_STORE_FIXES, SECRET_STORE_NAMES, SecretStoreError, messageOf, type SecretStore } from './secretStore';

// One Ed25519 key pair per installation (config dir). identity.json records
// only public facts — the public key and which store holds the seed — so it
// can be read for `identity show` without unlocking anything, and losing or
// publishing it leaks nothing.

export const IDENTITY_FILE = 'identity.json';

const identitySchema = z.object({
  version: z.literal(1),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a base64url Ed25519 public key'),
  store: z.enum(SECRET_STORE_NAMES),
  account: z.string().min(1),
});
export type IdentityRecord = z.infer<typeof identitySchema>;

export interface DeviceIdentity {
  publicKey: string;
  signer: Signer;
  store: SecretStore;
  /** Account name of the seed in the store. */
  account: string;
}

/** There is no identity.json yet and we were not asked to create one. */
export class NoDeviceIdentityError extends Error {
  constructor(readonly configDir: string) {
    super(`no device identity in ${configDir}; run \`commandpost init\``);
    this.name = 'NoDeviceIdentityError';
  }
}

/** identity.json exists but the key it describes cannot be loaded; says which file and why. */
export class DeviceIdentityError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}\nTo fix: ${fix}`, options);
    this.name = 'DeviceIdentityError';
  }
}

const NEW_IDENTITY_FIX =
  'if the key is gone for good, move identity.json aside and run `commandpost init` to create a new device identity (an admin must then add the new ' +
  'key to the roster)';

/** Account under which a device's seed is stored; per key, so several config dirs of one OS user never collide. */
export function deviceAccount(publicKey: string): string {
  return `device-${publicKey}`;
}

/** Reads identity.json without touching any secret; null if there is none. */
export async function describeIdentity(configDir: string): Promise<IdentityRecord | null> {
  const file = join(configDir, IDENTITY_FILE);
  const bytes = await readFileIfExists(file);
  if (bytes === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new DeviceIdentityError(file, `not valid JSON (${messageOf(error)})`, `restore it from a backup; ${NEW_IDENTITY_FIX}`, { cause: error });
  }
  const result = identitySchema.safeParse(json);
  if (!result.success) {
    throw new DeviceIdentityError(
      file,
      `not a device identity: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`,
      `restore it from a backup; ${NEW_IDENTITY_FIX}`,
    );
  }
  return result.data;
}

export async function loadOrCreateDeviceIdentity(opts: {
  configDir: string;
  /** Candidate stores, in order of preference. */
  stores: readonly SecretStore[];
  log: (msg: string) => void;
  create: boolean;
}): Promise<DeviceIdentity> {
  const existing = await describeIdentity(opts.configDir);
  if (existing !== null) return loadIdentity(opts.configDir, existing, opts.stores);
  if (!opts.create) throw new NoDeviceIdentityError(opts.configDir);
  return createIdentity(opts.configDir, opts.stores, opts.log);
}

async function loadIdentity(configDir: string, record: IdentityRecord, stores: readonly SecretStore[]): Promise<DeviceIdentity> {
  const file = join(configDir, IDENTITY_FILE);
  const fail = (problem: string, fix: string, cause?: unknown): DeviceIdentityError => new DeviceIdentityError(file, problem, fix, { cause });
  // The recorded store, and only it: falling back elsewhere would silently
  // mint a different identity.
  const store = stores.find((s) => s.name === record.store);
  if (store === undefined) {
    throw fail(
      `the device key is in the "${record.store}" secret store, which is not available in this process (available: ` +
        `${stores.map((s) => s.name).join(', ') || 'none'})`,
      record.store === 'safeStorage' ? 'use the Command Post app, which has Electron safeStorage' : 'do not force another store with COMMANDPOST_SECRET_STORE',
    );
  }
  const reason = await store.probe();
  if (reason !== null) throw fail(`the device key is in ${store.description}, which is unusable: ${reason}`, SECRET_STORE_FIXES[store.name]);
  let seed: string | null;
  try {
    seed = await store.get(record.account);
  } catch (error) {
    // The store's own advice when it has some: a wrong COMMANDPOST_PASSPHRASE must not be told to set COMMANDPOST_PASSPHRASE.
    const fix = error instanceof SecretStoreError ? error.fix : SECRET_STORE_FIXES[store.name];
    throw fail(`could not read the device key "${record.account}" from ${store.description}: ${messageOf(error)}`, fix, error);
  }
  if (seed === null) throw fail(`the device key "${record.account}" is missing from ${store.description}`, NEW_IDENTITY_FIX);
  let signer: Signer;
  try {
    signer = signerFromSeed(seed);
  } catch (error) {
    throw fail(`the secret "${record.account}" in ${store.description} is not an Ed25519 seed: ${messageOf(error)}`, NEW_IDENTITY_FIX, error);
  }
  if (signer.publicKey !== record.publicKey) {
    throw fail(
      `the secret "${record.account}" in ${store.description} belongs to public key ${signer.publicKey}, not the recorded ${record.publicKey}`,
      NEW_IDENTITY_FIX,
    );
  }
  return { publicKey: record.publicKey, signer, store, account: record.account };
}

async function createIdentity(configDir: string, stores: readonly SecretStore[], log: (msg: string) => void): Promise<DeviceIdentity> {
  const store = await selectSecretStore(stores, log);
  const { seed } = generateKeyPair();
  const signer = signerFromSeed(seed);
  const account = deviceAccount(signer.publicKey);
  const file = join(configDir, IDENTITY_FILE);
  const record: IdentityRecord = { version: 1, publicKey: signer.publicKey, store: store.name, account };
  // Seed first, then identity.json: identity.json must never name a secret that was not stored.
  await store.set(account, seed);
  try {
    if ((await store.get(account)) !== seed) {
      throw new DeviceIdentityError(file, `${store.description} did not give back the device key just stored`, SECRET_STORE_FIXES[store.name]);
    }
    await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`, { exclusive: true });
  } catch (error) {
    await store.delete(account).catch(() => false); // do not leave an orphaned secret behind
    // Another process initialised this config dir at the same moment: use its identity.
    if (isErrno(error, 'EEXIST')) return loadOrCreateDeviceIdentity({ configDir, stores, log, create: false });
    throw error;
  }
  return { publicKey: signer.publicKey, signer, store, account };
}
