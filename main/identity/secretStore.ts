// The contract every place we keep the device's private key implements. The
// variants (keytarStore, safeStorageStore, fileStore) are siblings behind it;
// the composition root picks the candidates and selectStore picks one.

/** Service name under which secrets are filed in OS keychains. */
export const SECRET_SERVICE = 'commandpost';

/** In order of preference: OS keychain, then Electron safeStorage, then the passphrase file. */
export const SECRET_STORE_NAMES = ['keytar', 'safeStorage', 'file'] as const;

export type SecretStoreName = (typeof SECRET_STORE_NAMES)[number];

export function isSecretStoreName(value: string): value is SecretStoreName {
  return (SECRET_STORE_NAMES as readonly string[]).includes(value);
}

export interface SecretStore {
  readonly name: SecretStoreName;
  /** Human description for `commandpost identity show`, e.g. "OS keychain (Secret Service via keytar)". */
  readonly description: string;
  /** Resolves null if usable, else a one-line reason why not (never throws). */
  probe(): Promise<string | null>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** What a user can do about each store being unusable. */
export const SECRET_STORE_FIXES: Readonly<Record<SecretStoreName, string>> = {
  keytar:
    'install and unlock an OS keychain (Linux: gnome-keyring or KeePassXC serving the Secret Service on the D-Bus session bus; ' +
    'a headless session needs `dbus-run-session` plus an unlocked `gnome-keyring-daemon`), and make sure the optional dependency keytar is installed',
  safeStorage: 'run the Electron app on a desktop with a keyring (Linux: gnome-keyring or kwallet) so safeStorage does not fall back to basic_text',
  file: 'set COMMANDPOST_PASSPHRASE, or run in a terminal so the passphrase can be prompted for',
};

/** A secret store failed or cannot be used; says which store, what happened and what to do. */
export class SecretStoreError extends Error {
  constructor(
    /** The store involved, or 'none' when no store could be selected. */
    readonly store: SecretStoreName | 'none',
    readonly problem: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(fix === '' ? problem : `${problem}\nTo fix: ${fix}`, options);
    this.name = 'SecretStoreError';
  }
}

/** One line from any thrown value, for reasons and wrapped errors. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
