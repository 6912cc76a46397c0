import { describe, expect, it } from 'vitest';
import { slackConnector } from '../../../main/connectors';
import { contractSuite } from './contractSuite';
import { operationValidator, type ReceivedRequest } from './specValidator';

const spec = operationValidator('slack-chat-postMessage.json', 'POST', '/chat.postMessage');
const TOKEN = 'xoxb-111-222-contract-secret';

// The excerpt declares Slack's `token` argument as a header parameter named
// "token"; Slack's documentation has clients send it as
// "Authorization: Bearer <token>", which is what the connector does. The
// check maps one onto the other and otherwise takes the spec as it is.
function check(req: ReceivedRequest): string[] {
  const auth = String(req.headers.authorization ?? '');
  const headers = auth.startsWith('Bearer ') ? { ...req.headers, token: auth.slice(7) } : req.headers;
  return spec.check({ ...req, headers });
}

contractSuite({
  name: 'Slack chat.postMessage',
  check,
  connector: (url) => slackConnector({ baseUrl: `${url}/api` }),
  params: { operation: 'post_message', channel: 'C0INCIDENT', text: 'payments-api degraded; scaling out' },
  secrets: { slack: TOKEN },
  ok: [{ status: 200, body: { ok: true, channel: 'C0INCIDENT', ts: '1503435956.000247', message: { text: 'x', type: 'message' } } }],
  clientError: { reply: { status: 200, body: { ok: false, error: 'channel_not_found' } }, vendorMessage: 'channel_not_found' },
  errorBody: { ok: false, error: 'ratelimited' },
  retryLater: [
    { name: 'HTTP 200 with ok: false, error ratelimited', reply: { status: 200, body: { ok: false, error: 'ratelimited' } } },
    {
      name: 'HTTP 429 ratelimited with Retry-After',
      reply: { status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } },
      delayMs: 3000,
    },
  ],
  overLimits: [
    {
      name: 'text over 40,000 characters',
      params: { operation: 'post_message', channel: 'C0INCIDENT', text: 'x'.repeat(40_001) },
      message: /at text: Slack takes at most 40,000 characters/,
    },
  ],
  inspect: ([req]) => {
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(req?.body ?? '{}')).toEqual({ channel: 'C0INCIDENT', text: 'payments-api degraded; scaling out' });
  },
});

describe('Slack contract check itself', () => {
  const base = {
    method: 'POST',
    path: '/api/chat.postMessage',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
  };
  it('rejects a message without a channel, an unknown argument and a missing token', () => {
    expect(check({ ...base, body: JSON.stringify({ text: 'hi' }) })).toContain("body must have required property 'channel'");
    expect(check({ ...base, body: JSON.stringify({ channel: 'C1', txt: 'hi' }) }).join()).toMatch(/must NOT have additional properties/);
    expect(check({ ...base, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'C1' }) })).toContain(
      'missing required header parameter token',
    );
    expect(check({ ...base, path: '/api/chat.post', body: '{}' }).join()).toMatch(/does not match/);
  });
});
