import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
// Types only (erased): the library itself is loaded on demand below.
import type { X509CertificateGenerator } from '@peculiar/x509';

// Making an X.509 certificate is the one thing node:crypto cannot do, so
// @peculiar/x509 does it (on Node's own WebCrypto). It is loaded here, on
// demand, because it happens once per device and year: every other process
// (the app, the CLI's other commands, tests that never serve TLS) skips the
// library and the global Reflect polyfill it requires (reflect-metadata;
// imported first, before the library's own module runs, which checks for it).

type X509Crypto = NonNullable<Parameters<typeof X509CertificateGenerator.createSelfSigned>[1]>;

/** ECDSA P-256: every TLS stack takes it, browsers included (they do not take Ed25519 certificates). */
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface MintedCertificate {
  /** Self-signed certificate, PEM. */
  cert: string;
  /** Its private key, PKCS #8 PEM. */
  key: string;
}

/** A fresh key pair and a self-signed certificate for it, valid from `notBefore` to `notAfter`. */
export async function mintSelfSignedCertificate(opts: { commonName: string; notBefore: Date; notAfter: Date }): Promise<MintedCertificate> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  // Node's own WebCrypto, handed to this call (no crypto provider is set globally). The
  // cast is for the types only: lib.dom's Crypto, which the library names,
  // and @types/node's disagree on Ed25519 overloads this code does not use.
  const crypto = webcrypto as unknown as X509Crypto;
  const keys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      // Positive (top bit clear) and unique enough that no browser confuses two of a device's certificates.
      serialNumber: `01${randomBytes(15).toString('hex')}`,
      name: [{ CN: [opts.commonName] }],
      notBefore: opts.notBefore,
      notAfter: opts.notAfter,
      keys,
      signingAlgorithm: KEY_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      ],
    },
    crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' });
  return { cert: cert.toString('pem'), key: typeof key === 'string' ? key : key.toString('utf8') };
}
