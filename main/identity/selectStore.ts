import { SECRET_STORE_FIXES, SECRET_STORE_NAMES, SecretStoreError, isSecretStoreName, messageOf, type SecretStore } from './secretStore';

// Picks where the device key lives. Falling back from the OS keychain to a
// weaker store is allowed, but never silently: each skipped store is logged
// as a warning with its reason, and when nothing works the error says, per
// store, why not and what to do about it.

/** Environment variable that forces one store (no fallback). */
export const SECRET_STORE_ENV = 'COMMANDPOST_SECRET_STORE';

/**
 * Applies a COMMANDPOST_SECRET_STORE preference to the candidates: unset or
 * empty keeps them all in order; a store name keeps only that store, so a
 * forced choice that is unusable is an error rather than a quiet fallback.
 */
export function storesFromPreference(candidates: readonly SecretStore[], preference: string | undefined): SecretStore[] {
  if (preference === undefined || preference.trim() === '') return [...candidates];
  const wanted = preference.trim();
  if (!isSecretStoreName(wanted)) {
    throw new SecretStoreError(
      'none',
      `${SECRET_STORE_ENV}=${wanted} is not a secret store`,
      `use one of ${SECRET_STORE_NAMES.join(', ')}, or unset ${SECRET_STORE_ENV} to pick automatically`,
    );
  }
  const forced = candidates.filter((store) => store.name === wanted);
  if (forced.length === 0) {
    const available = candidates.map((s) => s.name).join(', ') || 'none';
    throw new SecretStoreError(
      wanted,
      `${SECRET_STORE_ENV}=${wanted}, but that store is not available in this process (available: ${available})`,
      wanted === 'safeStorage' ? 'safeStorage exists only inside the Electron app; use keytar or file from the CLI' : `unset ${SECRET_STORE_ENV}`,
    );
  }
  return forced;
}

/**
 * Warnings already given, per store object: a process keeps its stores, and
 * selects among them again whenever something opens one (the device key, a
 * connector secret, the TLS key), but says once that keytar is missing.
 */
const warned = new WeakMap<SecretStore, Set<string>>();

function warnOnce(store: SecretStore, text: string, log: (msg: string) => void): void {
  const seen = warned.get(store) ?? new Set<string>();
  warned.set(store, seen);
  if (seen.has(text)) return;
  seen.add(text);
  log(text);
}

/** The first usable store, in the order given; throws SecretStoreError listing every reason if none is. */
export async function selectSecretStore(candidates: readonly SecretStore[], log: (msg: string) => void): Promise<SecretStore> {
  const skipped: { store: SecretStore; reason: string }[] = [];
  for (const store of candidates) {
    const reason = await probeSafely(store);
    if (reason === null) {
      if (skipped.length > 0) {
        warnOnce(store, `WARNING: secrets will be kept in ${store.description}, not in the preferred store${skipped.length > 1 ? 's' : ''} above.`, log);
      }
      return store;
    }
    skipped.push({ store, reason });
    warnOnce(store, `WARNING: secret store "${store.name}" (${store.description}) is unusable: ${reason}`, log);
  }
  if (skipped.length === 0) {
    throw new SecretStoreError('none', 'no secret store was offered to keep the device key', 'this is a bug in the caller');
  }
  const lines = skipped.map(({ store, reason }) => `  - ${store.name} (${store.description}): ${reason}\n    fix: ${SECRET_STORE_FIXES[store.name]}`);
  throw new SecretStoreError(
    'none',
    `no usable secret store for the device key:\n${lines.join('\n')}`,
    `make one of the stores above usable, e.g. unlock gnome-keyring, or set COMMANDPOST_PASSPHRASE for the encrypted file store`,
  );
}

/** probe() promises never to throw; a store that breaks the promise is unusable, not fatal. */
async function probeSafely(store: SecretStore): Promise<string | null> {
  try {
    return await store.probe();
  } catch (error) {
    return `probe failed: ${messageOf(error)}`;
  }
}
