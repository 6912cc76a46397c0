import { describe, expect, it } from 'vitest';
import { opsgenieConnector } from '../../../main/connectors';
import { KEY, contractSuite } from './contractSuite';
import { operationValidator, routeChecks } from './specValidator';

const create = operationValidator('opsgenie-alerts.json', 'POST', '/v2/alerts');
const close = operationValidator('opsgenie-alerts.json', 'POST', '/v2/alerts/{identifier}/close');
const check = routeChecks([create, close]);
const API_KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';
const accepted = { status: 202, body: { result: 'Request will be processed', took: 0.302, requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120' } };
const unprocessable = {
  reply: {
    status: 422,
    body: { message: 'Request body is not processable. Please check the errors.', errors: { message: 'Message can not be empty.' }, took: 0.1 },
  },
  vendorMessage: 'Request body is not processable. Please check the errors.',
};

contractSuite({
  name: 'Opsgenie create alert',
  check,
  connector: (url) => opsgenieConnector({ baseUrl: url }),
  params: { operation: 'create', message: 'payments-api degraded', priority: 'P2', tags: ['commandpost'] },
  secrets: { opsgenie: API_KEY },
  ok: [accepted],
  clientError: unprocessable,
  errorBody: { message: 'You are making too many requests!', took: 0 },
  retryLater: [{ name: 'HTTP 429 (Opsgenie rate limiting)', reply: { status: 429, body: { message: 'You are making too many requests!', took: 0 } } }],
  overLimits: [
    {
      name: 'a message over 130 characters',
      params: { operation: 'create', message: 'm'.repeat(131) },
      message: /at message: Opsgenie takes a message of at most 130 characters/,
    },
    {
      name: 'a description over 15,000 characters',
      params: { operation: 'create', message: 'm', description: 'd'.repeat(15_001) },
      message: /at description: Opsgenie takes a description of at most 15,000 characters/,
    },
    {
      name: 'more than 20 tags',
      params: { operation: 'create', message: 'm', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      message: /at tags: Opsgenie takes at most 20 tags/,
    },
  ],
  inspect: ([req]) => {
    expect(req?.headers.authorization).toBe(`GenieKey ${API_KEY}`);
    // alias is Opsgenie's deduplication key.
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({ alias: KEY, message: 'payments-api degraded' });
  },
});

contractSuite({
  name: 'Opsgenie close alert',
  check,
  connector: (url) => opsgenieConnector({ baseUrl: url }),
  params: { operation: 'close', identifier: KEY, note: 'mitigated' },
  secrets: { opsgenie: API_KEY },
  ok: [accepted],
  clientError: { reply: { status: 404, body: { message: 'Alert with id [x] does not exist', took: 0.01 } }, vendorMessage: 'Alert with id [x] does not exist' },
  inspect: ([req]) => {
    expect(req?.path).toBe(`/v2/alerts/${KEY}/close`);
    expect(req?.query.get('identifierType')).toBe('alias');
  },
});

describe('Opsgenie contract check itself', () => {
  const base = { method: 'POST', query: new URLSearchParams(), headers: { 'content-type': 'application/json' } };
  it('rejects a create without message, a bad priority, a bad identifierType and an unknown path', () => {
    expect(check({ ...base, path: '/v2/alerts', body: JSON.stringify({ alias: 'a' }) }).join()).toMatch(/must have required property 'message'/);
    expect(check({ ...base, path: '/v2/alerts', body: JSON.stringify({ message: 'm', priority: 'P9' }) }).join()).toMatch(
      /priority must be equal to one of the allowed values/,
    );
    expect(check({ ...base, path: '/v2/alerts/x/close', query: new URLSearchParams('identifierType=name'), body: '{}' }).join()).toMatch(
      /query parameter identifierType must be equal to one of/,
    );
    expect(check({ ...base, path: '/v2/alert', body: '{}' })).toEqual(['no operation in the spec excerpt for POST /v2/alert']);
  });
});
