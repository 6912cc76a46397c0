import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { nodeHttp, staticSecrets, verifyWebhookSignature, webhookConnector, withRetries } from '../../../main/connectors';
import { startContractServer } from './contractServer';
import type { ReceivedRequest } from './specValidator';

// The generic webhook has no vendor: the contract is our own (docs/connectors.md):
// a JSON POST with X-CommandPost-Timestamp, X-CommandPost-Signature
// (sha256=HMAC-SHA256 of "timestamp.body") and Idempotency-Key. The receiver
// here verifies it the way a user's receiver would.
const SECRET = 'whsec_contract_secret_value';
const clock = new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 0));
const header = (req: ReceivedRequest, name: string) => String(req.headers[name] ?? '');

function receiver(req: ReceivedRequest): string[] {
  const ok = verifyWebhookSignature({
    secret: SECRET,
    timestamp: header(req, 'x-commandpost-timestamp'),
    body: req.body,
    signature: header(req, 'x-commandpost-signature'),
    nowMs: clock.now(),
  });
  const problems = ok ? [] : ['signature does not verify'];
  if (!/^[0-9a-f]{64}$/.test(header(req, 'idempotency-key'))) problems.push('missing Idempotency-Key');
  if (header(req, 'content-type') !== 'application/json') problems.push('not JSON');
  return problems;
}

describe('generic webhook contract', () => {
  it('delivers a request the receiver can verify; a retry carries the same idempotency key', async () => {
    const server = await startContractServer(receiver);
    try {
      server.script([
        { status: 503, body: { error: 'busy' } },
        { status: 200, body: { received: true } },
      ]);
      const c = webhookConnector();
      const p = c.validate({ operation: 'post', url: `${server.url}/hooks/commandpost`, payload: { action: 'restart', service: 'payments-api' } });
      const ctx = { idempotencyKey: 'c'.repeat(64), secrets: staticSecrets({ webhook: SECRET }), http: nodeHttp, clock };
      const run = await withRetries(() => c.execute(p, ctx), { random: () => 0, sleep: async () => undefined });
      expect(run).toMatchObject({ attempts: 2, result: { ok: true } });
      expect(server.received.map((r) => r.problems)).toEqual([[], []]);
      expect(new Set(server.received.map((r) => header(r, 'idempotency-key')))).toEqual(new Set(['c'.repeat(64)]));
      expect(JSON.stringify(run)).not.toContain(SECRET);
      expect(JSON.stringify(c.preview(p))).not.toContain(SECRET);
    } finally {
      await server.close();
    }
  });

  it('a receiver rejects a tampered body or a wrong secret (so the check can fail)', async () => {
    const server = await startContractServer(receiver);
    try {
      const c = webhookConnector();
      const p = c.validate({ operation: 'post', url: `${server.url}/h`, payload: { a: 1 } });
      const wrong = await c.execute(p, { idempotencyKey: 'd'.repeat(64), secrets: staticSecrets({ webhook: 'not-the-secret' }), http: nodeHttp, clock });
      expect(wrong).toMatchObject({ ok: false, error: { status: 422, retryable: false } });
      expect(server.received[0]?.problems).toEqual(['signature does not verify']);
      expect(receiver({ ...server.received[0]!, body: '{"a":2}' })).toContain('signature does not verify');
    } finally {
      await server.close();
    }
  });
});
