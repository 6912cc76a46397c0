import { describe, expect, it } from 'vitest';
import { pagerDutyConnector } from '../../../main/connectors';
import { KEY, contractSuite } from './contractSuite';
import { operationValidator } from './specValidator';

// The excerpt's server is https://events.pagerduty.com/v2, so paths sit under /v2.
const spec = operationValidator('pagerduty-events-v2.json', 'POST', '/enqueue', { basePath: '/v2' });
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const accepted = { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: KEY } };

contractSuite({
  name: 'PagerDuty Events v2 trigger',
  check: (req) => spec.check(req),
  connector: (url) => pagerDutyConnector({ baseUrl: url }),
  params: { operation: 'trigger', summary: 'payments-api 5xx above 5%', source: 'commandpost', severity: 'critical', component: 'payments-api' },
  secrets: { pagerduty: ROUTING_KEY },
  ok: [accepted],
  clientError: {
    reply: { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.severity' is invalid"] } },
    vendorMessage: "Event object is invalid: 'payload.severity' is invalid",
  },
  errorBody: { status: 'throttled', message: 'Requests for this service are arriving too quickly' },
  retryLater: [
    {
      name: 'HTTP 429 without Retry-After (PagerDuty sends none)',
      reply: { status: 429, body: { status: 'throttled', message: 'Requests for this service are arriving too quickly' } },
    },
  ],
  overLimits: [
    {
      name: 'a summary over 1024 characters',
      params: { operation: 'trigger', summary: 's'.repeat(1025), source: 'commandpost', severity: 'critical' },
      message: /at summary: PagerDuty takes a summary of at most 1024 characters/,
    },
    {
      name: 'a dedup_key over 255 characters',
      params: { operation: 'resolve', dedup_key: 'k'.repeat(256) },
      message: /at dedup_key: PagerDuty takes a dedup_key of at most 255 characters/,
    },
  ],
  inspect: ([req]) => {
    const body = JSON.parse(req?.body ?? '{}') as Record<string, unknown>;
    // The idempotency key is PagerDuty's dedup_key: a retried trigger cannot open a second alert.
    expect(body).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: KEY });
  },
});

contractSuite({
  name: 'PagerDuty Events v2 acknowledge',
  check: (req) => spec.check(req),
  connector: (url) => pagerDutyConnector({ baseUrl: url }),
  params: { operation: 'acknowledge', dedup_key: 'srv01/HTTP' },
  secrets: { pagerduty: ROUTING_KEY },
  ok: [accepted],
  clientError: { reply: { status: 400, body: { status: 'invalid event', message: 'Event object is invalid' } }, vendorMessage: 'Event object is invalid' },
  inspect: ([req]) => expect(JSON.parse(req?.body ?? '{}')).toEqual({ routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: 'srv01/HTTP' }),
});

describe('PagerDuty contract check itself', () => {
  const base = { method: 'POST', path: '/v2/enqueue', query: new URLSearchParams(), headers: { 'content-type': 'application/json' } };
  it('rejects a bad severity, a missing event_action and a missing body', () => {
    const bad = { routing_key: 'k', event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'urgent' } };
    expect(spec.check({ ...base, body: JSON.stringify(bad) }).join()).toMatch(/body\/payload\/severity must be equal to one of the allowed values/);
    expect(spec.check({ ...base, body: JSON.stringify({ routing_key: 'k' }) })).toContain("body must have required property 'event_action'");
    expect(spec.check({ ...base, body: '' })).toContain('missing required request body');
  });
});
