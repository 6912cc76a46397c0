// JSON Schemas for what Microsoft Teams accepts, written by hand from
// Microsoft's documentation because Microsoft publishes no machine-readable
// spec excerpt for these payloads (test/fixtures/specs has none):
// - "Create and send messages – Incoming webhooks / Workflows" (Teams
//   platform docs): a `message` with `attachments[]` of
//   {contentType: 'application/vnd.microsoft.card.adaptive', contentUrl, content: <AdaptiveCard>};
// - "chatMessage resource type" (Graph v1.0): body {contentType: text|html,
//   content}, subject, attachments[] of chatMessageAttachment {id,
//   contentType, contentUrl, content (a string), name, thumbnailUrl,
//   teamsAppId}; a card attachment is placed in an HTML body by
//   <attachment id="…"></attachment>;
// - "Send chatMessage in a channel" (Graph v1.0): POST
//   /teams/{team-id}/channels/{channel-id}/messages, Authorization: Bearer,
//   Content-Type: application/json, the chatMessage in the body;
// - the Adaptive Card schema (adaptivecards.io, 1.4 — the version the Teams
//   docs use for webhooks) for the card itself, restricted to the elements
//   the connector uses so that a typo fails loudly.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ReceivedRequest } from './specValidator';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

const adaptiveCard = {
  $id: 'adaptiveCard',
  type: 'object',
  required: ['type', 'version', 'body'],
  additionalProperties: false,
  properties: {
    type: { const: 'AdaptiveCard' },
    $schema: { type: 'string', format: 'uri' },
    version: { type: 'string', pattern: '^1\\.[0-5]$' },
    body: {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [
          {
            type: 'object',
            required: ['type', 'text'],
            additionalProperties: false,
            properties: {
              type: { const: 'TextBlock' },
              text: { type: 'string', minLength: 1 },
              wrap: { type: 'boolean' },
              weight: { enum: ['Default', 'Lighter', 'Bolder'] },
              size: { enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] },
              color: { enum: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] },
            },
          },
          {
            type: 'object',
            required: ['type', 'facts'],
            additionalProperties: false,
            properties: {
              type: { const: 'FactSet' },
              facts: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['title', 'value'],
                  additionalProperties: false,
                  properties: { title: { type: 'string' }, value: { type: 'string' } },
                },
              },
            },
          },
        ],
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'url'],
        additionalProperties: false,
        properties: { type: { const: 'Action.OpenUrl' }, title: { type: 'string' }, url: { type: 'string', format: 'uri' } },
      },
    },
  },
};

const webhookMessage = {
  type: 'object',
  required: ['type', 'attachments'],
  additionalProperties: false,
  properties: {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['contentType', 'content'],
        additionalProperties: false,
        properties: { contentType: { const: CARD_TYPE }, contentUrl: { type: ['string', 'null'] }, content: { $ref: 'adaptiveCard' } },
      },
    },
  },
};

const nullableString = { type: ['string', 'null'] };
const chatMessage = {
  type: 'object',
  required: ['body'],
  additionalProperties: false,
  properties: {
    subject: nullableString,
    importance: { enum: ['normal', 'high', 'urgent'] },
    body: {
      type: 'object',
      required: ['contentType', 'content'],
      additionalProperties: false,
      properties: { contentType: { enum: ['text', 'html'] }, content: { type: 'string' } },
    },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'contentType'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          contentType: { type: 'string' },
          contentUrl: nullableString,
          content: nullableString,
          name: nullableString,
          thumbnailUrl: nullableString,
          teamsAppId: nullableString,
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(adaptiveCard);
const validWebhook = ajv.compile(webhookMessage);
const validChatMessage = ajv.compile(chatMessage);
const validCard = ajv.getSchema('adaptiveCard') as ValidateFunction;

const errorsOf = (where: string, v: ValidateFunction): string[] => (v.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? 'is invalid'}`);

function parseJson(body: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
}

function common(req: ReceivedRequest): string[] {
  const problems: string[] = [];
  if (req.method !== 'POST') problems.push(`method ${req.method} is not POST`);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) problems.push('content-type is not application/json');
  return problems;
}

/** An incoming webhook / Workflows request: a message envelope carrying an Adaptive Card. */
export function checkWebhook(req: ReceivedRequest): string[] {
  const problems = common(req);
  const body = parseJson(req.body);
  if (!body.ok) return [...problems, body.problem];
  if (!validWebhook(body.value)) problems.push(...errorsOf('body', validWebhook));
  return problems;
}

const GRAPH_PATH = /^\/v1\.0\/teams\/[0-9a-fA-F-]{36}\/channels\/19%3A[^/]+%40thread\.(tacv2|skype)\/messages$/;

/** Graph "Send chatMessage in a channel": path, bearer token, chatMessage, card attachments as JSON strings referenced from the body. */
export function checkGraph(req: ReceivedRequest): string[] {
  const problems = common(req);
  if (!GRAPH_PATH.test(req.path)) problems.push(`path ${req.path} does not match POST /v1.0/teams/{team-id}/channels/{channel-id}/messages`);
  if (!/^Bearer \S+$/.test(String(req.headers.authorization ?? ''))) problems.push('missing Authorization: Bearer token');
  const body = parseJson(req.body);
  if (!body.ok) return [...problems, body.problem];
  if (!validChatMessage(body.value)) return [...problems, ...errorsOf('body', validChatMessage)];
  const msg = body.value as { body: { contentType: string; content: string }; attachments?: { id: string; contentType: string; content?: string | null }[] };
  for (const [i, a] of (msg.attachments ?? []).entries()) {
    if (!msg.body.content.includes(`<attachment id="${a.id}"></attachment>`))
      problems.push(`body/attachments/${i}: id ${a.id} is not referenced by <attachment id="${a.id}"></attachment> in the body`);
    if (msg.body.contentType !== 'html') problems.push(`body/attachments/${i}: attachments are placed only in an html body`);
    if (a.contentType !== CARD_TYPE) continue;
    const card = typeof a.content === 'string' ? parseJson(a.content) : { ok: false as const, problem: 'content must be the card as a JSON string' };
    if (!card.ok) problems.push(`body/attachments/${i}/content: ${card.problem}`);
    else if (!validCard(card.value)) problems.push(...errorsOf(`body/attachments/${i}/content`, validCard));
  }
  return problems;
}
