import { request } from 'node:http';
import { get as httpsGet } from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/clock';
import { CONTENT_SECURITY_POLICY } from '../../../main/host';
import { mintSelfSignedCertificate } from '../../../main/identity';
import { TestClient, cleanupTempDirs, demoHost, upgradeStatus } from './hostHarness';

// The host over TLS: console, API and peer sync on one https:// port with
// the device's self-signed certificate (clients accept it without a CA, as
// a browser does after its warning; peers bind it in the sync handshake).

afterAll(() => cleanupTempDirs());

function httpsGetPage(url: string): Promise<{ status: number; csp: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined, body }));
    }).on('error', reject);
  });
}

describe('host over TLS', () => {
  it('serves the console over https and the API and peers over wss, with https origins, and nothing in clear', async () => {
    const now = systemClock.now();
    const tls = await mintSelfSignedCertificate({ commonName: 'host test', notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) });
    const { host } = await demoHost({ tls });
    try {
      expect(host.url).toBe(`https://127.0.0.1:${host.port}/?token=${host.token}`);
      expect(host.syncUrl).toMatch(new RegExp(`^wss://127\\.0\\.0\\.1:${host.port}/sync\\?ws=[0-9a-f]{32}$`));
      const page = await httpsGetPage(host.url);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>Command Post</title>');
      expect(page.csp).toBe(CONTENT_SECURITY_POLICY);

      const api = `wss://127.0.0.1:${host.port}/api?token=${host.token}`;
      // A page the host served has an https:// origin now; the http:// one is someone else's.
      expect(await upgradeStatus(api, { rejectUnauthorized: false, origin: `https://127.0.0.1:${host.port}` })).toBe(101);
      expect(await upgradeStatus(api, { rejectUnauthorized: false, origin: `http://127.0.0.1:${host.port}` })).toBe(403);
      const client = await TestClient.connect(api, { rejectUnauthorized: false });
      try {
        expect((await client.value<{ entries: number }>('state:get')).entries).toBeGreaterThan(0);
      } finally {
        client.close();
      }

      // Plain HTTP to the TLS port gets no page (Node answers a bare 400, or drops the connection).
      const plain = await new Promise<number | string>((resolve) => {
        const req = request({ host: '127.0.0.1', port: host.port, path: '/' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (err) => resolve(err.message));
        req.end();
      });
      expect(plain).not.toBe(200);
    } finally {
      await host.close();
    }
  });
});
