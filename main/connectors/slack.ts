import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { field, jsonBody } from './httpCall';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

// Slack chat.postMessage (https://api.slack.com/methods/chat.postMessage):
// JSON body, bot token as "Authorization: Bearer". Slack answers HTTP 200
// with ok: false for most errors, so success is read from the body. Slack
// has no idempotency key and this API version's schema has no field to carry
// one, so a retry after a lost response can post twice; Slack is
// notification, and the policy treats it as low risk.

export interface SlackConfig {
  baseUrl?: string;
  /** Secret-store name of the bot token. */
  tokenSecret?: string;
}

/**
 * Slack truncates `text` beyond 40,000 characters (and says so only in a
 * warning), so longer text is refused here instead of silently cut:
 * https://api.slack.com/changelog/2018-04-truncating-really-long-messages
 * chat.postMessage recommends at most 4,000 characters; longer text may be
 * split into several messages (https://api.slack.com/methods/chat.postMessage),
 * which the preview says. This connector sends no `blocks` (Slack's limit: 50).
 */
export const SLACK_TEXT_MAX_CHARS = 40_000;
export const SLACK_TEXT_RECOMMENDED_CHARS = 4_000;

export const SlackParams = z.strictObject({
  operation: z.literal('post_message'),
  channel: z.string().min(1).max(200),
  text: z
    .string()
    .min(1)
    .max(SLACK_TEXT_MAX_CHARS, `Slack takes at most ${SLACK_TEXT_MAX_CHARS.toLocaleString('en-US')} characters of text (it truncates the rest)`),
  thread_ts: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
});
export type SlackParams = z.output<typeof SlackParams>;

/**
 * Slack error codes worth another try: `ratelimited` (with HTTP 429 and
 * Retry-After, https://api.slack.com/apis/rate-limits) and the transient
 * server errors chat.postMessage documents (https://api.slack.com/methods/chat.postMessage#errors).
 */
const RETRYABLE_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function slackConnector(config: SlackConfig = {}): Connector<SlackParams> {
  const baseUrl = (config.baseUrl ?? 'https://slack.com/api').replace(/\/$/, '');
  const tokenSecret = config.tokenSecret ?? 'slack';
  const build = (p: SlackParams, token: string): HttpRequestSpec => ({
    method: 'POST',
    url: `${baseUrl}/chat.postMessage`,
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      channel: p.channel,
      text: p.text,
      ...(p.thread_ts === undefined ? {} : { thread_ts: p.thread_ts }),
    }),
  });
  return {
    id: 'slack',
    operations: ['post_message'],
    params: SlackParams,
    validate: (params) => parseParams('slack', SlackParams, params),
    secretNames: () => [tokenSecret],
    preview: (p) => {
      const long =
        p.text.length > SLACK_TEXT_RECOMMENDED_CHARS
          ? ` (${p.text.length.toLocaleString('en-US')} characters: over Slack's recommended ` +
            `${SLACK_TEXT_RECOMMENDED_CHARS.toLocaleString('en-US')}, Slack may split it into several messages)`
          : '';
      return { text: `Post to Slack channel ${p.channel}${long}: ${p.text.slice(0, 200)}`, request: build(p, maskOf(tokenSecret)) };
    },
    async execute(p, ctx) {
      return callWithSecret(ctx, {
        secret: tokenSecret,
        request: (token) => build(p, token),
        vendor: 'Slack',
        isSuccess: (res) => field(jsonBody(res), 'ok') === true,
        vendorMessage: (res) => {
          const e = field(jsonBody(res), 'error');
          return typeof e === 'string' ? e : null;
        },
        onFailure: (result) => {
          const code = result.error.vendorMessage;
          if (result.error.kind === 'vendor' && code !== null && RETRYABLE_ERRORS.has(code)) result.error.retryable = true;
        },
        onSuccess: (res) => {
          const body = jsonBody(res);
          const ts = field(body, 'ts');
          const channel = field(body, 'channel');
          return success(`posted to Slack ${typeof channel === 'string' ? channel : p.channel}`, {
            status: res.status,
            data: { ts: typeof ts === 'string' ? ts : null, channel: typeof channel === 'string' ? channel : p.channel },
          });
        },
      });
    },
  };
}
