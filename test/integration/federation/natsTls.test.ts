import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NatsStream, parseFederationTarget } from '../../../main/federation';
import { mintSelfSignedCertificate } from '../../../main/identity';
import { NatsCluster } from '../../support/natsCluster';
import { cleanupTempDirs, tempDir } from '../host/hostHarness';

// A hub that takes only TLS and a user with a password, as a production hub
// would: a relay given the CA and the password (from the secret store, as
// --federate-secret reads it) opens the stream and publishes; a wrong
// password, or TLS without trusting the hub's certificate, fails with a
// reason that says which, and never with the password in it.

afterAll(() => cleanupTempDirs());

const WS = 'ab'.repeat(16);
const DEVICE = 'D'.repeat(43);

describe('federation over TLS with credentials', () => {
  it('connects with the CA and the password; names a wrong password or an untrusted certificate', async () => {
    const dir = tempDir('cp-nats-tls-');
    const now = new Date();
    const minted = await mintSelfSignedCertificate({ commonName: 'localhost', notBefore: now, notAfter: new Date(now.getTime() + 86_400_000) });
    const certFile = join(dir, 'hub.pem');
    const keyFile = join(dir, 'hub-key.pem');
    writeFileSync(certFile, minted.cert);
    writeFileSync(keyFile, minted.key);
    const cluster = new NatsCluster(join(dir, 'nats'), 0, [
      `tls { cert_file: "${certFile}", key_file: "${keyFile}" }`,
      `authorization { user: relay, password: "pw-for-the-hub-7" }`,
    ]);
    await cluster.start();
    try {
      const url = `tls://relay@localhost:${cluster.hubPort}`;
      const good = new NatsStream(parseFederationTarget({ url, secret: 'pw-for-the-hub-7', domain: 'hub', caFile: certFile }), WS, DEVICE);
      try {
        await good.open();
        expect(good.connected()).toBe(true);
        expect(await good.publish(DEVICE, 'id-1', new TextEncoder().encode('{"x":1}'))).toEqual({ duplicate: false });
        expect(await good.publish(DEVICE, 'id-1', new TextEncoder().encode('{"x":1}'))).toEqual({ duplicate: true });
        expect(new TextDecoder().decode((await good.last(DEVICE))!)).toBe('{"x":1}');
      } finally {
        await good.close();
      }

      const refusal = async (target: Parameters<typeof parseFederationTarget>[0]) => {
        const stream = new NatsStream(parseFederationTarget(target), WS, DEVICE);
        try {
          await stream.open();
        } catch (err) {
          return stream.describe(err);
        } finally {
          await stream.close();
        }
        throw new Error('opened');
      };
      const wrong = await refusal({ url, secret: 'not-the-password', domain: 'hub', caFile: certFile });
      expect(wrong).toMatch(/refused the credentials/);
      expect(wrong).not.toContain('not-the-password');
      // TLS with only the system's CAs: the hub's self-signed certificate is not trusted.
      expect(await refusal({ url, secret: 'pw-for-the-hub-7', domain: 'hub' })).toMatch(/certificate/i);
    } finally {
      await cluster.close();
    }
  }, 60_000);
});
