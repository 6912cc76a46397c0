import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../shared/clock';
import {
  ConnectorParamsError,
  SandboxRecorder,
  commandConnector,
  createConnectors,
  jiraConnector,
  kubernetesConnector,
  pagerDutyConnector,
  parseKubeconfig,
  sandboxed,
  scrub,
  staticSecrets,
  verifyWebhookSignature,
  webhookConnector,
  webhookSignature,
  type ExecuteContext,
  type HttpClient,
} from '../../../../main/connectors';

const SECRET = 's3cr3t-value-that-must-not-leak';
const clock = new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 0));

function ctx(http: HttpClient, secrets: Record<string, string> = {}): ExecuteContext {
  return { idempotencyKey: 'a'.repeat(64), secrets: staticSecrets(secrets), http, clock, timeoutMs: 1000 };
}

describe('webhook', () => {
  it('signs timestamp.body with HMAC-SHA256 and a receiver can verify it', async () => {
    let seen: Parameters<HttpClient>[0] | null = null;
    const http: HttpClient = async (req) => {
      seen = req;
      return { status: 200, headers: {}, body: '{}' };
    };
    const c = webhookConnector();
    const p = c.validate({ operation: 'post', url: 'http://127.0.0.1:9/hook', payload: { a: 1 } });
    const r = await c.execute(p, ctx(http, { webhook: SECRET }));
    expect(r.ok).toBe(true);
    const req = seen!;
    expect(req.headers['idempotency-key']).toBe('a'.repeat(64));
    const ts = req.headers['x-commandpost-timestamp']!;
    expect(ts).toBe(String(clock.now() / 1000));
    const sig = req.headers['x-commandpost-signature']!;
    expect(sig).toBe(webhookSignature(SECRET, ts, '{"a":1}'));
    expect(verifyWebhookSignature({ secret: SECRET, timestamp: ts, body: req.body!, signature: sig, nowMs: clock.now() })).toBe(true);
    expect(verifyWebhookSignature({ secret: 'other', timestamp: ts, body: req.body!, signature: sig, nowMs: clock.now() })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp: ts, body: '{"a":2}', signature: sig, nowMs: clock.now() })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp: ts, body: req.body!, signature: sig, nowMs: clock.now() + 10 * 60_000 })).toBe(false);
  });

  it('previews the exact request with the secret masked, and reports a missing secret by name only', async () => {
    const c = webhookConnector();
    const p = c.validate({ operation: 'post', url: 'https://hooks.example.com/x', payload: { b: true }, secret: 'ops-hook' });
    const preview = c.preview(p);
    expect(preview.request).toMatchObject({ method: 'POST', url: 'https://hooks.example.com/x', body: '{"b":true}' });
    expect(preview.request?.headers['x-commandpost-signature']).toContain('<secret:ops-hook>');
    const r = await c.execute(
      p,
      ctx(async () => ({ status: 200, headers: {}, body: '' })),
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'config', retryable: false } });
    expect(() => c.validate({ operation: 'post', url: 'file:///etc/passwd', payload: {} })).toThrow(ConnectorParamsError);
  });
});

describe('secrets never leave execute()', () => {
  it('scrubs a secret a vendor echoes back', async () => {
    const echo: HttpClient = async (req) => ({ status: 400, headers: {}, body: JSON.stringify({ message: `bad key ${req.body}` }) });
    const c = pagerDutyConnector();
    const r = await c.execute(c.validate({ operation: 'resolve', dedup_key: 'k' }), ctx(echo, { pagerduty: SECRET }));
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(r).toMatchObject({ ok: false, error: { status: 400, retryable: false } });
    expect(JSON.stringify(c.preview(c.validate({ operation: 'resolve', dedup_key: 'k' })))).toContain('<secret:pagerduty>');
  });

  it('scrubs derived forms (Jira basic auth) too', async () => {
    const cred = `ops@example.com:${SECRET}`;
    const basic = Buffer.from(cred).toString('base64');
    const echo: HttpClient = async (req) => ({
      status: 401,
      headers: {},
      body: JSON.stringify({ errorMessages: [`header was ${req.headers.authorization}`] }),
    });
    const c = jiraConnector({ baseUrl: 'https://x.atlassian.net' });
    const r = await c.execute(c.validate({ operation: 'create_issue', project: 'OPS', summary: 's' }), ctx(echo, { jira: cred }));
    expect(JSON.stringify(r)).not.toContain(basic);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(scrub('a SECRET b', ['SECRET'])).toBe('a <redacted> b');
  });
});

describe('local command', () => {
  const config = {
    allowlist: { echo: { argv: ['/bin/echo', 'hello'], extraArgs: { pattern: '[a-z]+', max: 2 } }, sleep: { argv: ['/bin/sleep', '5'], timeoutMs: 200 } },
  };

  it('runs only allowlisted argv, with no shell, capturing output', async () => {
    const c = commandConnector(config);
    const p = c.validate({ operation: 'run', command: 'echo', args: ['world'] });
    expect(c.preview(p).argv).toEqual(['/bin/echo', 'hello', 'world']);
    const r = await c.execute(
      p,
      ctx(async () => ({ status: 0, headers: {}, body: '' })),
    );
    expect(r).toMatchObject({ ok: true, value: { data: { exitCode: 0, stdout: 'hello world\n' } } });
    expect(() => c.validate({ operation: 'run', command: 'rm' })).toThrow(/not on the allowlist/);
    expect(() => c.validate({ operation: 'run', command: 'echo', args: ['$(id)'] })).toThrow(/not allowed/);
    expect(() => c.validate({ operation: 'run', command: 'echo', args: ['a; rm -rf /'] })).toThrow(/not allowed/);
  });

  it('kills a command that overruns its timeout', async () => {
    const c = commandConnector(config);
    const r = await c.execute(
      c.validate({ operation: 'run', command: 'sleep' }),
      ctx(async () => ({ status: 0, headers: {}, body: '' })),
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout', retryable: false } });
  });
});

describe('kubeconfig', () => {
  it('reads server, namespace, token and CA of the current context; refuses exec plugins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-kube-'));
    writeFileSync(join(dir, 'ca.crt'), 'CA PEM');
    const text = `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: c1
    cluster: { server: "https://k8s.example:6443/", certificate-authority: ca.crt }
contexts:
  - name: prod
    context: { cluster: c1, user: u1, namespace: payments }
  - name: exec
    context: { cluster: c1, user: u2 }
users:
  - name: u1
    user: { token: ${SECRET} }
  - name: u2
    user: { exec: { command: aws } }
`;
    const t = await parseKubeconfig(text, { baseDir: dir });
    expect(t).toMatchObject({ server: 'https://k8s.example:6443', namespace: 'payments', token: SECRET, tls: { ca: 'CA PEM' }, secrets: [SECRET] });
    await expect(parseKubeconfig(text, { baseDir: dir, context: 'exec' })).rejects.toThrow(/neither a token nor a client certificate/);
    const k = kubernetesConnector({ kubeconfig: { file: join(dir, 'nope') } });
    const r = await k.execute(
      k.validate({ operation: 'restart', deployment: 'api' }),
      ctx(async () => ({ status: 200, headers: {}, body: '{}' })),
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'config' } });
  });
});

describe('sandbox', () => {
  it('records instead of sending, once per idempotency key, and previews like the real connector', async () => {
    const recorder = new SandboxRecorder();
    const never: HttpClient = async () => {
      throw new Error('a sandboxed connector must not send');
    };
    const all = createConnectors({ sandboxAll: true }, recorder);
    const slack = all.get('slack')!;
    const p = slack.validate({ operation: 'post_message', channel: '#inc', text: 'hi' });
    expect(slack.preview(p).text).toMatch(/^\[sandbox: recorded, not sent\] Post to Slack/);
    await slack.execute(p, ctx(never));
    await slack.execute(p, ctx(never));
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({ connector: 'slack', idempotencyKey: 'a'.repeat(64) });
    const wrapped = sandboxed(webhookConnector(), recorder);
    expect((await wrapped.execute(wrapped.validate({ operation: 'post', url: 'http://x.test/', payload: {} }), ctx(never))).ok).toBe(true);
    expect([...all.keys()].sort()).toEqual(['github', 'opsgenie', 'pagerduty', 'sandbox', 'slack', 'teams', 'webhook']);
  });
});
