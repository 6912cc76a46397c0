import { request } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/clock';
import { CONTENT_SECURITY_POLICY, HostBindError, startHost } from '../../../main/host';
import { apiUrl, cleanupTempDirs, demoHost, demoWorkspace, upgradeStatus, type TestHost } from './hostHarness';

const running: TestHost[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.host.close();
});
afterAll(() => cleanupTempDirs());

async function host(): Promise<TestHost> {
  const h = await demoHost();
  running.push(h);
  return h;
}

/** A raw GET: the path goes out exactly as written (no client-side normalisation of `..`). */
function get(port: number, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('host access control', () => {
  it('prints a loopback URL with a 32-byte token, fresh per start', async () => {
    const a = await host();
    const b = await host();
    expect(a.host.url).toBe(`http://127.0.0.1:${a.host.port}/?token=${a.host.token}`);
    expect(Buffer.from(a.host.token, 'base64url')).toHaveLength(32);
    expect(a.host.token).not.toBe(b.host.token);
  });

  it('refuses an upgrade without the token or with a wrong one (401), and accepts the right one', async () => {
    const h = await host();
    expect(await upgradeStatus(apiUrl(h.host, null))).toBe(401);
    expect(await upgradeStatus(apiUrl(h.host, 'wrong'))).toBe(401);
    expect(await upgradeStatus(apiUrl(h.host, `${h.host.token}x`))).toBe(401);
    expect(await upgradeStatus(apiUrl(h.host, h.host.token.slice(0, -1)))).toBe(401);
    expect(await upgradeStatus(apiUrl(h.host))).toBe(101);
    expect(await upgradeStatus(`ws://127.0.0.1:${h.host.port}/elsewhere?token=${h.host.token}`)).toBe(404);
  });

  it('refuses a foreign Origin (403) and accepts its own', async () => {
    const h = await host();
    expect(await upgradeStatus(apiUrl(h.host), { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(apiUrl(h.host), { origin: `http://evil.example:${h.host.port}` })).toBe(403);
    expect(await upgradeStatus(apiUrl(h.host), { origin: `http://127.0.0.1:${h.host.port + 1}` })).toBe(403);
    expect(await upgradeStatus(apiUrl(h.host), { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(apiUrl(h.host), { origin: `http://127.0.0.1:${h.host.port}` })).toBe(101);
    expect(await upgradeStatus(apiUrl(h.host), { origin: `http://localhost:${h.host.port}` })).toBe(101);
  });

  it('refuses a non-loopback bind unless remote access is allowed', async () => {
    const { dir, signer } = demoWorkspace();
    for (const bind of ['0.0.0.0', '::', '192.0.2.10']) {
      await expect(startHost({ workspaceDir: dir, signer, clock: systemClock, port: 0, host: bind })).rejects.toThrow(HostBindError);
    }
    await expect(startHost({ workspaceDir: dir, signer, clock: systemClock, port: 0, host: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
    const remote = await startHost({ workspaceDir: dir, signer, clock: systemClock, port: 0, host: '0.0.0.0', allowRemote: true, log: () => undefined });
    try {
      expect(remote.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    } finally {
      await remote.close();
    }
  });
});

describe('host static files', () => {
  it('serves the renderer with a strict CSP and the right content types', async () => {
    const h = await host();
    const index = await get(h.host.port, `/?token=${h.host.token}`);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Command Post</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await get(h.host.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(h.host.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(h.host.port, '/api')).status).toBe(426);
  });

  it('never serves a file outside the renderer directory', async () => {
    const h = await host();
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '/assets',
      '/nothing-here.js',
    ];
    for (const path of attempts) {
      const r = await get(h.host.port, path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('TOP-SECRET');
      expect(r.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

describe('host: a console URL with a missing or stale token', () => {
  it('answers the page with 401 and a page that says why and how to get a working URL', async () => {
    const h = await host();
    for (const [path, reason, title] of [
      ['/', 'missing', 'This link has no access token'],
      ['/?token=', 'missing', 'This link has no access token'],
      ['/index.html?token=stale-from-before-a-restart', 'invalid', 'access token is not valid for this server'],
    ] as const) {
      const r = await get(h.host.port, path);
      expect(r.status, path).toBe(401);
      expect(r.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(r.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(r.body, path).toContain(`data-reason="${reason}"`);
      expect(r.body, path).toContain(title);
      expect(r.body, path).toContain('Command Post is serving http://…/?token=…');
      expect(r.body, path).toContain('<code>commandpost serve --kiosk-token</code>');
      expect(r.body, path).not.toContain('<script');
    }
    // The bundle itself needs no token: the page that loads it was already checked.
    expect((await get(h.host.port, '/assets/app.js')).status).toBe(200);
  });

  it('tells the console whether its token still opens the host (GET /access)', async () => {
    const h = await host();
    const check = async (query: string) => {
      const r = await get(h.host.port, `/access${query}`);
      return { status: r.status, body: JSON.parse(r.body) as unknown };
    };
    expect(await check(`?token=${encodeURIComponent(h.host.token)}`)).toEqual({ status: 200, body: { access: 'ok' } });
    expect(await check('?token=wrong')).toEqual({ status: 401, body: { access: 'denied', reason: 'invalid' } });
    expect(await check('')).toEqual({ status: 401, body: { access: 'denied', reason: 'missing' } });
  });
});
