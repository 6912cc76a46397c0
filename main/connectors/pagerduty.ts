import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { callVendor, field, jsonBody } from './httpCall';
import { loadSecrets, maskOf, scrubResult } from './secrets';

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

export const PagerDutyParams = z.discriminatedUnion('operation', [
  z.strictObject({
    operation: z.literal('trigger'),
    summary: z.string().min(1).max(1024),
    source: z.string().min(1).max(255),
    severity: Severity,
    component: z.string().max(255).optional(),
    group: z.string().max(255).optional(),
  }),
  z.strictObject({ operation: z.literal('acknowledge'), dedup_key: z.string().min(1).max(255) }),
  z.strictObject({ operation: z.literal('resolve'), dedup_key: z.string().min(1).max(255) }),
]);
export type PagerDutyParams = z.output<typeof PagerDutyParams>;

export function pagerDutyConnector(config: PagerDutyConfig = {}): Connector<PagerDutyParams> {
  const baseUrl = (config.baseUrl ?? 'https://events.pagerduty.com').replace(/\/$/, '');
  const secret = config.routingKeySecret ?? 'pagerduty';
  const build = (p: PagerDutyParams, routingKey: string, key: string): HttpRequestSpec => {
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
    return { method: 'POST', url: `${baseUrl}/v2/enqueue`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  };
  return {
    id: 'pagerduty',
    operations: ['trigger', 'acknowledge', 'resolve'],
    params: PagerDutyParams,
    validate: (params) => parseParams('pagerduty', PagerDutyParams, params),
    preview: (p) => ({
      text: p.operation === 'trigger' ? `Trigger a PagerDuty ${p.severity} alert: ${p.summary}` : `${p.operation} PagerDuty alert ${p.dedup_key}`,
      request: build(p, maskOf(secret), '<action id>'),
    }),
    async execute(p, ctx) {
      const secrets = await loadSecrets(ctx.secrets, [secret]);
      if (!secrets.ok) return secrets;
      const routingKey = secrets.values[secret] ?? '';
      const out = await callVendor(build(p, routingKey, ctx.idempotencyKey), ctx, {
        vendor: 'PagerDuty',
        vendorMessage: (res) => {
          const body = jsonBody(res);
          const message = field(body, 'message');
          const errors = field(body, 'errors');
          const detail = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string').join('; ') : '';
          if (typeof message !== 'string') return detail || null;
          return detail === '' ? message : `${message}: ${detail}`;
        },
      });
      if (!out.ok) return scrubResult(out.result, [routingKey]);
      const dedup = field(jsonBody(out.res), 'dedup_key');
      const dedupKey = typeof dedup === 'string' ? dedup : p.operation === 'trigger' ? ctx.idempotencyKey : p.dedup_key;
      return scrubResult(success(`PagerDuty accepted ${p.operation} (dedup key ${dedupKey})`, { status: out.res.status, data: { dedup_key: dedupKey } }), [routingKey]);
    },
  };
}
