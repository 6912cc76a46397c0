// Public surface of main/identity: where the device key lives and how it is loaded.
export {
  SECRET_SERVICE,
  SECRET_STORE_NAMES,
  SECRET_STORE_FIXES,
  SecretStoreError,
  isSecretStoreName,
  type SecretStore,
  type SecretStoreName,
} from './secretStore';
export { KeytarStore, loadKeytar, type KeytarApi, type KeytarLoader } from './keytarStore';
export { SafeStorageStore, SAFE_STORAGE_FILE, type SafeStorageLike } from './safeStorageStore';
export { FileStore, SECRET_FILE, WrongPassphraseError, CorruptSecretFileError } from './fileStore';
export {
  PASSPHRASE_ENV,
  CONFIRM_ATTEMPTS,
  PassphraseCancelledError,
  PassphraseMismatchError,
  envOrTerminalPassphrase,
  passphraseFromEnvOrPrompt,
  type PassphraseRequest,
  type PassphraseSource,
  type SourcedPassphrase,
  type PromptInput,
  type PromptOutput,
} from './passphraseSource';
export { SECRET_STORE_ENV, selectSecretStore, storesFromPreference } from './selectStore';
export {
  IDENTITY_FILE,
  DeviceIdentityError,
  NoDeviceIdentityError,
  deviceAccount,
  describeIdentity,
  loadOrCreateDeviceIdentity,
  type DeviceIdentity,
  type IdentityRecord,
} from './deviceIdentity';
export { TLS_CERTIFICATE_FILE, loadOrCreateDeviceCertificate, tlsKeyAccount, type DeviceCertificate } from './tlsCertificate';
export { mintSelfSignedCertificate, type MintedCertificate } from './mintCertificate';
