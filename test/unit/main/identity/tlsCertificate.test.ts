import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../shared/clock';
import { generateKeyPair, signerFromSeed } from '../../../../main/crypto';
import { FileStore, TLS_CERTIFICATE_FILE, loadOrCreateDeviceCertificate, tlsKeyAccount, type DeviceCertificate } from '../../../../main/identity';
import { serverCertificateOf } from '../../../../main/sync';

const DAY = 24 * 60 * 60 * 1000;
const T0 = 1_750_000_000_000;

/** What a TLS client on loopback is shown, and what the server says it presented. */
async function servedFingerprints(cert: DeviceCertificate): Promise<{ client: string | undefined; server: string | undefined }> {
  let server: string | undefined;
  const tlsServer = createServer({ cert: cert.cert, key: cert.key }, (socket) => {
    server = serverCertificateOf(socket, 'server');
    socket.end('ok');
  });
  tlsServer.listen(0, '127.0.0.1');
  await once(tlsServer, 'listening');
  try {
    const socket = connect({ host: '127.0.0.1', port: (tlsServer.address() as AddressInfo).port, rejectUnauthorized: false });
    await once(socket, 'secureConnect');
    const client = serverCertificateOf(socket, 'client');
    await once(socket, 'data'); // the server has looked at its side by then
    socket.destroy();
    return { client, server };
  } finally {
    tlsServer.close();
  }
}

describe("a device's TLS certificate", () => {
  let root: string;
  let configDir: string;
  let store: FileStore;
  let logs: string[];
  const device = () => ({ publicKey: signerFromSeed(generateKeyPair().seed).publicKey, store });
  const load = (d: ReturnType<typeof device>, clock: ManualClock) => loadOrCreateDeviceCertificate({ configDir, device: d, clock, log: (m) => logs.push(m) });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cp-tls-'));
    configDir = join(root, 'config');
    store = new FileStore({ dir: join(root, 'secrets'), passphrase: async () => 'pw' });
    logs = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is made once, its key kept in the secret store, and serves real TLS with the fingerprint it reports', async () => {
    const me = device();
    const clock = new ManualClock(T0);
    const first = await load(me, clock);
    expect(logs).toEqual([
      expect.stringMatching(/^Made this device's TLS certificate .*tls-certificate\.pem \(sha256 ([0-9A-F]{2}:){31}[0-9A-F]{2}, valid until /),
    ]);
    const pem = await readFile(join(configDir, TLS_CERTIFICATE_FILE), 'utf8');
    expect(pem).toBe(first.cert);
    expect(pem).not.toContain('PRIVATE KEY');
    expect(await store.get(tlsKeyAccount(me.publicKey))).toBe(first.key);
    const x509 = new X509Certificate(pem);
    expect(x509.subject).toBe(`CN=Command Post device ${me.publicKey}`);
    expect(x509.publicKey.asymmetricKeyType).toBe('ec');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(x509.publicKey)).toBe(true); // self-signed
    expect(first.fingerprint).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(first.validTo - T0).toBeGreaterThan(360 * DAY);

    logs = [];
    clock.advance(100 * DAY);
    const again = await load(me, clock);
    expect(again).toEqual(first);
    expect(logs).toEqual([]);

    expect(await servedFingerprints(again)).toEqual({ client: first.fingerprint, server: first.fingerprint });
  });

  it('is made anew when due, when its key is gone or is not its own, or when it belongs to another device', async () => {
    const me = device();
    const clock = new ManualClock(T0);
    const first = await load(me, clock);

    clock.advance(340 * DAY); // within 30 days of the end
    const renewed = await load(me, clock);
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
    expect(logs.at(-2)).toMatch(/valid only until .*making a new TLS certificate/);

    await store.delete(tlsKeyAccount(me.publicKey));
    const afterLoss = await load(me, clock);
    expect(afterLoss.fingerprint).not.toBe(renewed.fingerprint);
    expect(logs.at(-2)).toMatch(/its key "tls-.*" is missing from/);

    await store.set(tlsKeyAccount(me.publicKey), first.key);
    const afterSwap = await load(me, clock);
    expect(afterSwap.fingerprint).not.toBe(afterLoss.fingerprint);
    expect(logs.at(-2)).toMatch(/is not this certificate's/);

    const other = await load(device(), clock);
    expect(other.fingerprint).not.toBe(afterSwap.fingerprint);
    expect(logs.at(-2)).toMatch(/made for another device/);

    await writeFile(join(configDir, TLS_CERTIFICATE_FILE), 'not a certificate');
    expect((await load(me, clock)).fingerprint).not.toBe(other.fingerprint);
    expect(logs.at(-2)).toMatch(/not a certificate/);
  });
});
