import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { field, jsonBody } from './httpCall';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

// Opsgenie Alert API v2. alias is Opsgenie's deduplication key: a create
// carries the action id as alias, so a retried create updates the same open
// alert instead of opening a second one. close names an alert by alias
// (identifierType=alias) unless told otherwise.

export interface OpsgenieConfig {
  baseUrl?: string;
  apiKeySecret?: string;
}

/**
 * Opsgenie alert field limits, from "Alerts and alert fields"
 * (https://docs.opsgenie.com/docs/alerts-and-alert-fields) and the Alert API
 * (https://docs.opsgenie.com/docs/alert-api): message at most 130
 * characters, description 15,000, alias 512 (we send the 64-character action
 * id), at most 20 tags of 50 characters, entity 512, a note 25,000. Create and
 * close answer 202 {result, took, requestId} (the request is processed
 * asynchronously); 429 is the rate limit (https://docs.opsgenie.com/docs/api-rate-limiting).
 */
export const OPSGENIE_LIMITS = { message: 130, description: 15_000, alias: 512, tags: 20, tag: 50, entity: 512, note: 25_000 } as const;
const L = OPSGENIE_LIMITS;
const chars = (field: string, max: number) => z.string().max(max, `Opsgenie takes a ${field} of at most ${max.toLocaleString('en-US')} characters`);

export const OpsgenieParams = z.discriminatedUnion('operation', [
  z.strictObject({
    operation: z.literal('create'),
    message: chars('message', L.message).min(1),
    description: chars('description', L.description).optional(),
    priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
    tags: z.array(chars('tag', L.tag)).max(L.tags, `Opsgenie takes at most ${L.tags} tags`).optional(),
    entity: chars('entity', L.entity).optional(),
  }),
  z.strictObject({
    operation: z.literal('close'),
    identifier: chars('identifier', L.alias).min(1),
    identifierType: z.enum(['id', 'alias', 'tiny']).default('alias'),
    note: chars('note', L.note).optional(),
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
    secretNames: () => [secret],
    preview: (p) => ({
      text:
        p.operation === 'create'
          ? `Create an Opsgenie alert${p.priority ? ` (${p.priority})` : ''}: ${p.message}`
          : `Close Opsgenie alert ${p.identifierType} ${p.identifier}`,
      request: build(p, maskOf(secret), '<action id>'),
    }),
    async execute(p, ctx) {
      return callWithSecret(ctx, {
        secret,
        request: (apiKey) => build(p, apiKey, ctx.idempotencyKey),
        vendor: 'Opsgenie',
        vendorMessage: (res) => {
          const m = field(jsonBody(res), 'message');
          return typeof m === 'string' ? m : null;
        },
        onSuccess: (res) => {
          const requestId = field(jsonBody(res), 'requestId');
          const data = { requestId: typeof requestId === 'string' ? requestId : null, alias: p.operation === 'create' ? ctx.idempotencyKey : p.identifier };
          return success(`Opsgenie accepted ${p.operation} (request ${data.requestId ?? 'unknown'})`, { status: res.status, data });
        },
      });
    },
  };
}
