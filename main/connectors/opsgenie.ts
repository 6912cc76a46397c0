import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { callVendor, field, jsonBody } from './httpCall';
import { loadSecrets, maskOf, scrubResult } from './secrets';

// Opsgenie Alert API v2. alias is Opsgenie's deduplication key: a create
// carries the action id as alias, so a retried create updates the same open
// alert instead of opening a second one. close names an alert by alias
// (identifierType=alias) unless told otherwise.

export interface OpsgenieConfig {
  baseUrl?: string;
  apiKeySecret?: string;
}

export const OpsgenieParams = z.discriminatedUnion('operation', [
  z.strictObject({
    operation: z.literal('create'),
    message: z.string().min(1).max(130),
    description: z.string().max(15_000).optional(),
    priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
    tags: z.array(z.string().max(50)).max(20).optional(),
    entity: z.string().max(512).optional(),
  }),
  z.strictObject({
    operation: z.literal('close'),
    identifier: z.string().min(1).max(512),
    identifierType: z.enum(['id', 'alias', 'tiny']).default('alias'),
    note: z.string().max(25_000).optional(),
  }),
]);
export type OpsgenieParams = z.output<typeof OpsgenieParams>;

export function opsgenieConnector(config: OpsgenieConfig = {}): Connector<OpsgenieParams> {
  const baseUrl = (config.baseUrl ?? 'https://api.opsgenie.com').replace(/\/$/, '');
  const secret = config.apiKeySecret ?? 'opsgenie';
  const build = (p: OpsgenieParams, apiKey: string, key: string): HttpRequestSpec => {
    const headers = { 'content-type': 'application/json', authorization: `GenieKey ${apiKey}` };
    if (p.operation === 'create') {
      const { operation: _op, ...fields } = p;
      return { method: 'POST', url: `${baseUrl}/v2/alerts`, headers, body: JSON.stringify({ ...fields, alias: key, source: 'Command Post' }) };
    }
    const url = `${baseUrl}/v2/alerts/${encodeURIComponent(p.identifier)}/close?identifierType=${p.identifierType}`;
    return { method: 'POST', url, headers, body: JSON.stringify({ source: 'Command Post', ...(p.note === undefined ? {} : { note: p.note }) }) };
  };
  return {
    id: 'opsgenie',
    operations: ['create', 'close'],
    params: OpsgenieParams,
    validate: (params) => parseParams('opsgenie', OpsgenieParams, params),
    preview: (p) => ({
      text: p.operation === 'create' ? `Create an Opsgenie alert${p.priority ? ` (${p.priority})` : ''}: ${p.message}` : `Close Opsgenie alert ${p.identifierType} ${p.identifier}`,
      request: build(p, maskOf(secret), '<action id>'),
    }),
    async execute(p, ctx) {
      const secrets = await loadSecrets(ctx.secrets, [secret]);
      if (!secrets.ok) return secrets;
      const apiKey = secrets.values[secret] ?? '';
      const out = await callVendor(build(p, apiKey, ctx.idempotencyKey), ctx, {
        vendor: 'Opsgenie',
        vendorMessage: (res) => {
          const m = field(jsonBody(res), 'message');
          return typeof m === 'string' ? m : null;
        },
      });
      if (!out.ok) return scrubResult(out.result, [apiKey]);
      const requestId = field(jsonBody(out.res), 'requestId');
      const data = { requestId: typeof requestId === 'string' ? requestId : null, alias: p.operation === 'create' ? ctx.idempotencyKey : p.identifier };
      return scrubResult(success(`Opsgenie accepted ${p.operation} (request ${data.requestId ?? 'unknown'})`, { status: out.res.status, data }), [apiKey]);
    },
  };
}
