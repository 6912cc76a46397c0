import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseParams, success, type Connector, type ConnectorPreview, type ExecuteContext, type HttpRequestSpec } from './connector';
import { field, jsonBody } from './httpCall';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

// Generic webhook: a JSON POST signed with HMAC-SHA256 over "timestamp.body"
// (the Stripe / Slack signing scheme), so a receiver can check both who sent
// it and that it is fresh. The Idempotency-Key header carries the action id,
// so a receiver can drop a retry it has already handled.

export const SIGNATURE_HEADER = 'X-CommandPost-Signature';
export const TIMESTAMP_HEADER = 'X-CommandPost-Timestamp';

export const WebhookParams = z.strictObject({
  operation: z.literal('post'),
  url: z.url({ protocol: /^https?$/ }),
  payload: z.record(z.string(), z.json()),
  /** Name of the HMAC secret in the secret store. */
  secret: z.string().min(1).max(100).default('webhook'),
});
export type WebhookParams = z.output<typeof WebhookParams>;

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers: true if the signature is the sender's and the timestamp is within the tolerance. */
export function verifyWebhookSignature(opts: {
  secret: string;
  timestamp: string;
  body: string;
  signature: string;
  nowMs: number;
  toleranceMs?: number;
}): boolean {
  const ts = Number(opts.timestamp);
  if (!Number.isInteger(ts) || Math.abs(opts.nowMs - ts * 1000) > (opts.toleranceMs ?? 5 * 60_000)) return false;
  const expected = Buffer.from(webhookSignature(opts.secret, opts.timestamp, opts.body));
  const given = Buffer.from(opts.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function build(p: WebhookParams, key: string, timestamp: string, signature: string): HttpRequestSpec {
  return {
    method: 'POST',
    url: p.url,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      [TIMESTAMP_HEADER.toLowerCase()]: timestamp,
      [SIGNATURE_HEADER.toLowerCase()]: signature,
    },
    body: JSON.stringify(p.payload),
  };
}

export function webhookConnector(): Connector<WebhookParams> {
  return {
    id: 'webhook',
    operations: ['post'],
    params: WebhookParams,
    validate: (params) => parseParams('webhook', WebhookParams, params),
    secretNames: (p) => [p.secret],
    preview(p): ConnectorPreview {
      const request = build(p, '<action id>', '<unix time at send>', `sha256=<HMAC-SHA256 of "timestamp.body" with ${maskOf(p.secret)}>`);
      return { text: `POST a signed JSON payload to ${p.url}`, request };
    },
    async execute(p, ctx: ExecuteContext) {
      const timestamp = String(Math.floor(ctx.clock.now() / 1000));
      return callWithSecret(ctx, {
        secret: p.secret,
        request: (secret) => build(p, ctx.idempotencyKey, timestamp, webhookSignature(secret, timestamp, JSON.stringify(p.payload))),
        vendor: `webhook ${new URL(p.url).host}`,
        vendorMessage: (res) => {
          const m = field(jsonBody(res), 'error') ?? field(jsonBody(res), 'message');
          return typeof m === 'string' ? m : res.body.slice(0, 300) || null;
        },
        onSuccess: (res) => success(`webhook ${new URL(p.url).host} answered HTTP ${res.status}`, { status: res.status }),
      });
    },
  };
}
