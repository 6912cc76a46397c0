import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { field, jsonBody } from './httpCall';
import { bodyWithin } from './limits';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

// PagerDuty Events API v2 (POST /v2/enqueue). The routing key is a secret
// that travels in the body, so previews mask it there. dedup_key is the
// action id for a trigger (PagerDuty folds a repeated trigger into the same
// alert: our retries cannot page twice); acknowledge and resolve name the
// dedup key of the alert they act on.

export interface PagerDutyConfig {
  baseUrl?: string;
  routingKeySecret?: string;
}

const Severity = z.enum(['critical', 'error', 'warning', 'info']);

/**
 * PagerDuty Events API v2 limits. "Send an Alert Event"
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
 * payload.summary at most 1024 characters, dedup_key at most 255. The
 * overview (https://developer.pagerduty.com/docs/events-api-v2/overview/,
 * "API Limits"): payloads at most 512 KB; 202 Accepted {status, message,
 * dedup_key} on success; 400 is final; 429 and 5xx are "retry after some time".
 */
export const PAGERDUTY_SUMMARY_MAX_CHARS = 1024;
export const PAGERDUTY_DEDUP_KEY_MAX_CHARS = 255;
export const PAGERDUTY_PAYLOAD_MAX_BYTES = 512 * 1024;

const DedupKey = z.string().min(1).max(PAGERDUTY_DEDUP_KEY_MAX_CHARS, `PagerDuty takes a dedup_key of at most ${PAGERDUTY_DEDUP_KEY_MAX_CHARS} characters`);

const PagerDutyShape = z.discriminatedUnion('operation', [
  z.strictObject({
    operation: z.literal('trigger'),
    summary: z.string().min(1).max(PAGERDUTY_SUMMARY_MAX_CHARS, `PagerDuty takes a summary of at most ${PAGERDUTY_SUMMARY_MAX_CHARS} characters`),
    source: z.string().min(1).max(255),
    severity: Severity,
    component: z.string().max(255).optional(),
    group: z.string().max(255).optional(),
  }),
  z.strictObject({ operation: z.literal('acknowledge'), dedup_key: DedupKey }),
  z.strictObject({ operation: z.literal('resolve'), dedup_key: DedupKey }),
]);
export type PagerDutyParams = z.output<typeof PagerDutyShape>;

/** The Events API v2 body (routing key and dedup key passed in: secrets and the action id are not parameters). */
function eventBody(p: PagerDutyParams, routingKey: string, key: string): string {
  const body =
    p.operation === 'trigger'
      ? {
          routing_key: routingKey,
          event_action: 'trigger',
          dedup_key: key,
          client: 'Command Post',
          payload: {
            summary: p.summary,
            source: p.source,
            severity: p.severity,
            ...(p.component === undefined ? {} : { component: p.component }),
            ...(p.group === undefined ? {} : { group: p.group }),
          },
        }
      : { routing_key: routingKey, event_action: p.operation, dedup_key: p.dedup_key };
  return JSON.stringify(body);
}

// Sized with a 32-character routing key (PagerDuty's integration keys) and a 64-character action id.
export const PagerDutyParams = PagerDutyShape.superRefine((p, ctx) =>
  bodyWithin(PAGERDUTY_PAYLOAD_MAX_BYTES, 'PagerDuty', eventBody(p, 'k'.repeat(32), 'a'.repeat(64)), ctx),
);

export function pagerDutyConnector(config: PagerDutyConfig = {}): Connector<PagerDutyParams> {
  const baseUrl = (config.baseUrl ?? 'https://events.pagerduty.com').replace(/\/$/, '');
  const secret = config.routingKeySecret ?? 'pagerduty';
  const build = (p: PagerDutyParams, routingKey: string, key: string): HttpRequestSpec => ({
    method: 'POST',
    url: `${baseUrl}/v2/enqueue`,
    headers: { 'content-type': 'application/json' },
    body: eventBody(p, routingKey, key),
  });
  return {
    id: 'pagerduty',
    operations: ['trigger', 'acknowledge', 'resolve'],
    params: PagerDutyParams,
    validate: (params) => parseParams('pagerduty', PagerDutyParams, params),
    secretNames: () => [secret],
    preview: (p) => ({
      text: p.operation === 'trigger' ? `Trigger a PagerDuty ${p.severity} alert: ${p.summary}` : `${p.operation} PagerDuty alert ${p.dedup_key}`,
      request: build(p, maskOf(secret), '<action id>'),
    }),
    async execute(p, ctx) {
      return callWithSecret(ctx, {
        secret,
        request: (routingKey) => build(p, routingKey, ctx.idempotencyKey),
        vendor: 'PagerDuty',
        vendorMessage: (res) => {
          const body = jsonBody(res);
          const message = field(body, 'message');
          const errors = field(body, 'errors');
          const detail = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string').join('; ') : '';
          if (typeof message !== 'string') return detail || null;
          return detail === '' ? message : `${message}: ${detail}`;
        },
        onSuccess: (res) => {
          const dedup = field(jsonBody(res), 'dedup_key');
          const dedupKey = typeof dedup === 'string' ? dedup : p.operation === 'trigger' ? ctx.idempotencyKey : p.dedup_key;
          return success(`PagerDuty accepted ${p.operation} (dedup key ${dedupKey})`, { status: res.status, data: { dedup_key: dedupKey } });
        },
      });
    },
  };
}
