import { X509Certificate, createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock';
import { certificateFingerprint } from '../crypto';
import { readFileIfExists, writeFileAtomic } from './atomicFile';
import { mintSelfSignedCertificate } from './mintCertificate';
import { messageOf, type SecretStore } from './secretStore';

// This device's TLS certificate for serving wss:// and https://: self-signed,
// one per config dir (like the device key). The certificate is public (every
// client is shown it), so it is a file beside identity.json; its private key
// goes to the same secret store as the device key. Nobody pins the
// certificate itself: in each sync handshake the device key signs the
// fingerprint of the certificate the connection presents
// (shared/sync/channelBinding.ts), so a new certificate needs telling no one,
// and one is simply minted when the old one is missing, unreadable, does not
// match its key, or nears its end.

export const TLS_CERTIFICATE_FILE = 'tls-certificate.pem';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Browsers cap what they show for a certificate at about a year; peers ignore validity altogether. */
const VALID_FOR_MS = 365 * DAY_MS;
/** Backdated, so a browser on a machine whose clock is a little behind does not call it "not yet valid". */
const BACKDATE_MS = DAY_MS;
const RENEW_BEFORE_MS = 30 * DAY_MS;

export interface DeviceCertificate {
  /** PEM. */
  cert: string;
  /** PKCS #8 PEM; held in memory only, stored in the secret store. */
  key: string;
  /** SHA-256 of the DER certificate, lowercase hex: what the handshake binds. */
  fingerprint: string;
  /** Epoch ms. */
  validTo: number;
}

/** Account of the certificate's private key in the secret store; per device key, like the device seed's. */
export function tlsKeyAccount(devicePublicKey: string): string {
  return `tls-${devicePublicKey}`;
}

/** The subject names the device, so a browser's certificate warning says whose it is. */
function commonName(devicePublicKey: string): string {
  return `Command Post device ${devicePublicKey}`;
}

/** This device's certificate and key, minted and stored on first use (and when due for renewal). */
export async function loadOrCreateDeviceCertificate(opts: {
  configDir: string;
  device: { publicKey: string; store: SecretStore };
  clock: Clock;
  log: (message: string) => void;
}): Promise<DeviceCertificate> {
  const file = join(opts.configDir, TLS_CERTIFICATE_FILE);
  const account = tlsKeyAccount(opts.device.publicKey);
  const existing = await loadExisting(file, opts.device.publicKey, opts.device.store, account, opts.clock.now());
  if (existing.ok) return existing.certificate;
  if (existing.why !== null) opts.log(`${file}: ${existing.why}; making a new TLS certificate for this device`);
  const now = opts.clock.now();
  const minted = await mintSelfSignedCertificate({
    commonName: commonName(opts.device.publicKey),
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + VALID_FOR_MS),
  });
  // Key first, then certificate, as with the device key: the file must never name a key that was not stored.
  // Two processes minting at once may leave one's key with the other's certificate; the next load sees the mismatch and mints again.
  await opts.device.store.set(account, minted.key);
  await writeFileAtomic(file, minted.cert);
  const certificate = describe(minted.cert, minted.key);
  opts.log(
    `Made this device's TLS certificate ${file} (sha256 ${new X509Certificate(minted.cert).fingerprint256}, valid until ` +
      `${new Date(certificate.validTo).toISOString()}); its key is in ${opts.device.store.description}`,
  );
  return certificate;
}

type Loaded = { ok: true; certificate: DeviceCertificate } | { ok: false; why: string | null };

async function loadExisting(file: string, devicePublicKey: string, store: SecretStore, account: string, now: number): Promise<Loaded> {
  const pem = await readFileIfExists(file);
  if (pem === null) return { ok: false, why: null };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (error) {
    return { ok: false, why: `not a certificate (${messageOf(error)})` };
  }
  if (cert.subject !== `CN=${commonName(devicePublicKey)}`) return { ok: false, why: `made for another device (${cert.subject})` };
  if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return { ok: false, why: `valid only until ${cert.validTo}` };
  // A store that fails here (locked keychain, wrong passphrase) is an error to show, not a reason to mint.
  const key = await store.get(account);
  if (key === null) return { ok: false, why: `its key "${account}" is missing from ${store.description}` };
  try {
    if (!cert.checkPrivateKey(createPrivateKey(key))) return { ok: false, why: `the key "${account}" in ${store.description} is not this certificate's` };
  } catch (error) {
    return { ok: false, why: `the key "${account}" in ${store.description} is unreadable (${messageOf(error)})` };
  }
  return { ok: true, certificate: describe(pem.toString('utf8'), key) };
}

function describe(pem: string, key: string): DeviceCertificate {
  const cert = new X509Certificate(pem);
  return { cert: pem, key, fingerprint: certificateFingerprint(cert.raw), validTo: Date.parse(cert.validTo) };
}
