import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '../../shared/canonical';
import { parseParams, success, type Connector, type ConnectorResult, type HttpRequestSpec } from './connector';
import { field, jsonBody } from './httpCall';
import type { HttpResponse } from './http';
import { bodyWithin } from './limits';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

/**
 * Teams refuses a message over 28 KB, everything in it counted
 * ("Create an Incoming Webhook", https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook:
 * "The message size limit is 28 KB"; the same limit for bot and Graph channel
 * messages, https://learn.microsoft.com/en-us/microsoftteams/limits-specifications-teams).
 * Measured here as the UTF-8 bytes of the request body, with KB read as 1,000
 * bytes (the stricter reading). More than four requests a second to one
 * webhook answer 429 (same page): retryable, as Graph's 429/503/504 with Retry-After are
 * (https://learn.microsoft.com/en-us/graph/throttling).
 */
export const TEAMS_MESSAGE_MAX_BYTES = 28_000;

// Microsoft Teams: an incident card posted to a channel, two ways.
// - post_webhook: an incoming webhook or a Power Automate Workflows URL
//   ("Create and send messages – Incoming webhooks / Workflows"): a
//   `message` envelope whose attachment is the Adaptive Card. The URL
//   carries its own credential (the Workflows `sig=` query, the webhook's
//   path), so it lives in the SecretStore and params only name it.
// - post_channel_message: Microsoft Graph "Send chatMessage in a channel",
//   POST /teams/{team-id}/channels/{channel-id}/messages with a bearer token;
//   the card is a chatMessage attachment whose `content` is the card as a
//   JSON string, placed in the HTML body by <attachment id="...">
//   ("chatMessage resource type").
// Neither API takes an idempotency key: a retry after a lost response can
// post twice. Teams is notification, as Slack is, and the policy treats it
// as low risk.

export interface TeamsConfig {
  /** Microsoft Graph root (national clouds, tests). */
  graphBaseUrl?: string;
  /** Secret-store name of the Graph access token (ChannelMessage.Send). */
  tokenSecret?: string;
}

const Card = {
  title: z.string().min(1).max(200),
  text: z.string().min(1).max(10_000),
  /** Label/value rows shown as a FactSet (severity, status, commander...). */
  facts: z
    .array(z.strictObject({ title: z.string().min(1).max(100), value: z.string().min(1).max(500) }))
    .max(20)
    .default([]),
  /** A link back to the incident, shown as the card's button. */
  url: z.url({ protocol: /^https?$/ }).optional(),
};

const TeamsShape = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('post_webhook'), ...Card, webhook: z.string().min(1).max(100).default('teams-webhook') }),
  z.strictObject({
    operation: z.literal('post_channel_message'),
    ...Card,
    team: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'a team id is a GUID'),
    channel: z.string().regex(/^19:[^/?#\s]+@thread\.(tacv2|skype)$/, 'a channel id looks like 19:…@thread.tacv2'),
  }),
]);
export type TeamsParams = z.output<typeof TeamsShape>;

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The Adaptive Card (schema 1.4, what Teams renders from webhooks and Graph alike). */
export function incidentCard(p: Pick<TeamsParams, 'title' | 'text' | 'facts' | 'url'>): Record<string, JsonValue> {
  const body: JsonValue[] = [
    { type: 'TextBlock', text: p.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: p.text, wrap: true },
  ];
  if (p.facts.length > 0) body.push({ type: 'FactSet', facts: p.facts.map((f) => ({ title: f.title, value: f.value })) });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    ...(p.url === undefined ? {} : { actions: [{ type: 'Action.OpenUrl', title: 'Open incident', url: p.url }] }),
  };
}

function webhookRequest(p: TeamsParams, url: string): HttpRequestSpec {
  const envelope = { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, contentUrl: null, content: incidentCard(p) }] };
  return { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) };
}

function graphRequest(base: string, p: Extract<TeamsParams, { operation: 'post_channel_message' }>, token: string): HttpRequestSpec {
  const content = JSON.stringify(incidentCard(p));
  // Derived from the card, not random: the preview shows the very body that is sent, and a retry resends it unchanged.
  const id = createHash('sha256').update(content).digest('hex').slice(0, 32);
  const message = {
    subject: p.title,
    body: { contentType: 'html', content: `<attachment id="${id}"></attachment>` },
    attachments: [{ id, contentType: ADAPTIVE_CARD, contentUrl: null, content, name: null, thumbnailUrl: null }],
  };
  return {
    method: 'POST',
    url: `${base}/teams/${encodeURIComponent(p.team)}/channels/${encodeURIComponent(p.channel)}/messages`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(message),
  };
}

export const TeamsParams = TeamsShape.superRefine((p, ctx) => {
  const body = p.operation === 'post_webhook' ? webhookRequest(p, '').body : graphRequest('', p, '').body;
  bodyWithin(TEAMS_MESSAGE_MAX_BYTES, 'Teams', body ?? '', ctx);
});

/** Graph errors are {error: {code, message}}; webhooks and Workflows answer plain text or the same shape. */
function vendorMessage(res: HttpResponse): string | null {
  const m = field(jsonBody(res), 'error', 'message') ?? field(jsonBody(res), 'message');
  if (typeof m === 'string') return m;
  return res.body.trim().slice(0, 300) || null;
}

export function teamsConnector(config: TeamsConfig = {}): Connector<TeamsParams> {
  const graph = (config.graphBaseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/$/, '');
  const tokenSecret = config.tokenSecret ?? 'teams-graph';
  return {
    id: 'teams',
    operations: ['post_webhook', 'post_channel_message'],
    params: TeamsParams,
    validate: (params) => parseParams('teams', TeamsParams, params),
    secretNames: (p) => [p.operation === 'post_webhook' ? p.webhook : tokenSecret],
    preview(p) {
      if (p.operation === 'post_webhook')
        return { text: `Post card "${p.title}" to Teams through webhook ${p.webhook}`, request: webhookRequest(p, maskOf(p.webhook)) };
      return {
        text: `Post card "${p.title}" to Teams channel ${p.channel} (team ${p.team}) through Microsoft Graph`,
        request: graphRequest(graph, p, maskOf(tokenSecret)),
      };
    },
    async execute(p, ctx): Promise<ConnectorResult> {
      if (p.operation === 'post_webhook') {
        return callWithSecret(ctx, {
          secret: p.webhook,
          request: (url) => webhookRequest(p, url),
          alsoHide: secretParts,
          vendor: `Teams webhook ${p.webhook}`,
          // The retired Office 365 connectors answered HTTP 200 with this text when Teams refused the card.
          isSuccess: (res) => !/returned HTTP error/i.test(res.body),
          vendorMessage,
          // The same wrapper reports a throttled post as "returned HTTP error 429": try again later, as for a real 429.
          onFailure: (result) => {
            if (result.error.kind === 'vendor' && /returned HTTP error 429/i.test(result.error.message)) result.error.retryable = true;
          },
          onSuccess: (res) => success(`posted card to Teams through webhook ${p.webhook}`, { status: res.status }),
        });
      }
      return callWithSecret(ctx, {
        secret: tokenSecret,
        request: (token) => graphRequest(graph, p, token),
        vendor: 'Microsoft Graph',
        vendorMessage,
        onSuccess: (res) => {
          const id = field(jsonBody(res), 'id');
          return success(`posted card to Teams channel ${p.channel}`, {
            status: res.status,
            data: { messageId: typeof id === 'string' ? id : null, channel: p.channel },
          });
        },
      });
    },
  };
}

/** A webhook URL's query values (the Workflows `sig`) are credentials on their own, in case a vendor echoes just them. */
function secretParts(url: string): string[] {
  try {
    return [...new URL(url).searchParams.values()].filter((v) => v.length >= 16);
  } catch {
    return [];
  }
}
