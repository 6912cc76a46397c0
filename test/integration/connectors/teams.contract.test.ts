import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CARD, teamsConnector } from '../../../main/connectors';
import { contractSuite } from './contractSuite';
import { checkGraph, checkWebhook } from './teamsSchema';
import type { ReceivedRequest } from './specValidator';

// Microsoft publishes no spec excerpt for these payloads, so the local
// server checks each request against JSON Schemas written from Microsoft's
// documented formats (teamsSchema.ts cites the pages: "Create and send
// messages – Incoming webhooks / Workflows", "chatMessage resource type",
// "Send chatMessage in a channel"). The negative tests below show the
// checks do refuse malformed requests.

const TOKEN = 'eyJ0eXAiOiJKV1Qi.graph-contract-secret';
const SIG = 'workflowSig0123456789abcdefSECRET';
const TEAM = 'fbe2bf47-16c8-47cf-b4a5-4b9b187c508b';
const CHANNEL = '19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2';
const CARD = {
  title: 'INC-42 payments-api degraded (SEV2)',
  text: 'Error rate 12% since 14:02 UTC; scaling out. Next update 14:30.',
  facts: [
    { title: 'Commander', value: 'Ada' },
    { title: 'Status', value: 'investigating' },
  ],
  url: 'https://commandpost.example/incidents/42',
};
const webhookUrl = (base: string) => `${base}/workflows/3f2a/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${SIG}`;

contractSuite({
  name: 'Microsoft Teams incoming webhook / Workflows',
  check: checkWebhook,
  connector: () => teamsConnector(),
  params: { operation: 'post_webhook', webhook: 'teams-incidents', ...CARD },
  secrets: (base) => ({ 'teams-incidents': webhookUrl(base) }),
  ok: [{ status: 202 }],
  clientError: {
    reply: {
      status: 400,
      body: { error: { code: 'TriggerInputSchemaMismatch', message: 'The input body for trigger manual of type Request did not match its schema' } },
    },
    vendorMessage: 'The input body for trigger manual of type Request did not match its schema',
  },
  errorBody: { error: { code: 'TooManyRequests', message: 'Rate limit is exceeded' } },
  retryLater: [
    {
      name: 'HTTP 200 reporting "returned HTTP error 429"',
      reply: { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0' },
    },
  ],
  // 9,500 euro signs are 9,500 characters (under the card's 10,000) but 28,500 bytes as UTF-8: over Teams' 28,000.
  overLimits: [
    {
      name: 'a card over 28 KB as UTF-8',
      params: { operation: 'post_webhook', webhook: 'teams-incidents', title: 'x', text: '€'.repeat(9_500) },
      message: /Teams accepts at most 28,000 bytes/,
    },
  ],
  inspect: ([req]) => {
    expect(req?.query.get('sig')).toBe(SIG);
    const body = JSON.parse(req?.body ?? '{}') as { attachments: { content: { body: { text?: string }[] } }[] };
    expect(body.attachments[0]?.content.body[0]?.text).toBe(CARD.title);
  },
});

contractSuite({
  name: 'Microsoft Graph send chatMessage in a channel',
  check: checkGraph,
  connector: (base) => teamsConnector({ graphBaseUrl: `${base}/v1.0` }),
  params: { operation: 'post_channel_message', team: TEAM, channel: CHANNEL, ...CARD },
  secrets: { 'teams-graph': TOKEN },
  ok: [{ status: 201, body: { id: '1616990032035', messageType: 'message', body: { contentType: 'html' } } }],
  clientError: {
    reply: {
      status: 403,
      body: { error: { code: 'Forbidden', message: 'Missing role permissions on the request. API requires one of ChannelMessage.Send.' } },
    },
    vendorMessage: 'Missing role permissions on the request. API requires one of ChannelMessage.Send.',
  },
  errorBody: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
  inspect: ([req]) => {
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const msg = JSON.parse(req?.body ?? '{}') as { subject: string; attachments: { contentType: string; content: string }[] };
    expect(msg.subject).toBe(CARD.title);
    expect(msg.attachments[0]?.contentType).toBe(ADAPTIVE_CARD);
    expect(JSON.parse(msg.attachments[0]?.content ?? '{}')).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  },
});

describe('Teams connector', () => {
  it('never puts the webhook URL (its sig) in a preview', () => {
    const c = teamsConnector();
    const preview = JSON.stringify(c.preview(c.validate({ operation: 'post_webhook', ...CARD })));
    expect(preview).toContain('<secret:teams-webhook>');
    expect(preview).not.toContain('sig=');
  });

  it('refuses malformed parameters', () => {
    const c = teamsConnector();
    expect(() => c.validate({ operation: 'post_channel_message', ...CARD, team: 'x', channel: CHANNEL })).toThrow(/team id is a GUID/);
    expect(() => c.validate({ operation: 'post_channel_message', ...CARD, team: TEAM, channel: 'general' })).toThrow(/channel id/);
    expect(() => c.validate({ operation: 'post_webhook', title: 'x' })).toThrow(/text/);
  });
});

describe('Teams contract checks themselves', () => {
  const req = (over: Partial<ReceivedRequest> & { json?: unknown }): ReceivedRequest => ({
    method: 'POST',
    path: '/hook',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
    body: JSON.stringify(over.json ?? {}),
    ...over,
  });
  const card = { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'hi' }] };
  const envelope = { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, contentUrl: null, content: card }] };

  it('accepts a well-formed webhook message and rejects malformed ones', () => {
    expect(checkWebhook(req({ json: envelope }))).toEqual([]);
    expect(checkWebhook(req({ json: { ...envelope, type: 'card' } })).join()).toMatch(/body\/type must be equal to constant/);
    expect(
      checkWebhook(req({ json: { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.hero', content: card }] } })).join(),
    ).toMatch(/contentType/);
    expect(
      checkWebhook(req({ json: { ...envelope, attachments: [{ contentType: ADAPTIVE_CARD, content: { ...card, version: undefined } }] } })).join(),
    ).toMatch(/required property 'version'/);
    expect(
      checkWebhook(
        req({ json: { ...envelope, attachments: [{ contentType: ADAPTIVE_CARD, content: { ...card, body: [{ type: 'TextBlok', text: 'x' }] } }] } }),
      ).join(),
    ).toMatch(/oneOf/);
    expect(checkWebhook(req({ json: { text: 'legacy MessageCard' } })).join()).toMatch(/required property 'type'/);
    expect(checkWebhook(req({ body: 'not json' }))).toContain('body is not JSON');
  });

  it('accepts a well-formed Graph chatMessage and rejects malformed ones', () => {
    const path = `/v1.0/teams/${TEAM}/channels/${encodeURIComponent(CHANNEL)}/messages`;
    const msg = {
      body: { contentType: 'html', content: '<attachment id="a1"></attachment>' },
      attachments: [{ id: 'a1', contentType: ADAPTIVE_CARD, content: JSON.stringify(card) }],
    };
    expect(checkGraph(req({ path, json: msg }))).toEqual([]);
    expect(checkGraph(req({ path, json: { ...msg, attachments: [{ ...msg.attachments[0], content: card }] } })).join()).toMatch(/content must be string,null/);
    expect(checkGraph(req({ path, json: { ...msg, body: { contentType: 'html', content: 'see card' } } })).join()).toMatch(/id a1 is not referenced/);
    expect(checkGraph(req({ path, json: { ...msg, body: { contentType: 'markdown', content: '<attachment id="a1"></attachment>' } } })).join()).toMatch(
      /must be equal to one of the allowed values/,
    );
    expect(
      checkGraph(req({ path, json: { ...msg, attachments: [{ ...msg.attachments[0], content: JSON.stringify({ ...card, type: 'HeroCard' }) }] } })).join(),
    ).toMatch(/attachments\/0\/content\/type/);
    expect(checkGraph(req({ path, headers: { 'content-type': 'application/json' }, json: msg }))).toContain('missing Authorization: Bearer token');
    expect(checkGraph(req({ path: `/v1.0/teams/${TEAM}/messages`, json: msg })).join()).toMatch(/does not match POST/);
  });
});
