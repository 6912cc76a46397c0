import { describe, expect, it } from 'vitest';
import { jiraConnector } from '../../../main/connectors';
import { KEY, contractSuite } from './contractSuite';
import { operationValidator } from './specValidator';

const spec = operationValidator('jira-create-issue.json', 'POST', '/rest/api/3/issue');
const CREDENTIAL = 'oncall@example.com:ATATT3xFfGF0-contract-secret-token';

contractSuite({
  name: 'Jira create issue',
  check: (req) => spec.check(req),
  connector: (url) => jiraConnector({ baseUrl: url }),
  params: {
    operation: 'create_issue',
    project: 'OPS',
    issueType: 'Incident',
    summary: 'payments-api degraded',
    description: 'Opened by Command Post.\n\nSee the timeline.',
    labels: ['sev2'],
  },
  secrets: { jira: CREDENTIAL },
  ok: [{ status: 201, body: { id: '10000', key: 'OPS-24', self: 'https://x.atlassian.net/rest/api/3/issue/10000' } }],
  clientError: {
    reply: { status: 400, body: { errorMessages: [], errors: { project: 'project is required' } } },
    vendorMessage: 'project: project is required',
  },
  errorBody: { errorMessages: ['Rate limit exceeded'] },
  retryLater: [
    {
      name: 'HTTP 503 with Retry-After',
      reply: { status: 503, headers: { 'retry-after': '1' }, body: { errorMessages: ['Service unavailable'] } },
      delayMs: 1000,
    },
  ],
  overLimits: [
    {
      name: 'a summary over 255 characters',
      params: { operation: 'create_issue', project: 'OPS', summary: 's'.repeat(256) },
      message: /at summary: Jira takes a summary of at most 255 characters/,
    },
    {
      name: 'a description over 32,767 characters',
      params: { operation: 'create_issue', project: 'OPS', summary: 's', description: 'd'.repeat(32_768) },
      message: /at description: Jira takes a description of at most 32,767 characters/,
    },
  ],
  inspect: ([req]) => {
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from(CREDENTIAL).toString('base64')}`);
    const body = JSON.parse(req?.body ?? '{}') as { fields: Record<string, unknown>; properties: unknown[] };
    expect(body.fields).toMatchObject({ project: { key: 'OPS' }, issuetype: { name: 'Incident' }, summary: 'payments-api degraded', labels: ['sev2'] });
    expect(body.fields.description).toMatchObject({ type: 'doc', version: 1 });
    expect(body.properties).toEqual([{ key: 'commandpost.action', value: { idempotencyKey: KEY } }]);
  },
});

describe('Jira contract check itself', () => {
  const base = { method: 'POST', path: '/rest/api/3/issue', query: new URLSearchParams(), headers: { 'content-type': 'application/json' } };
  it('rejects fields that are not an object and a malformed entity property', () => {
    expect(spec.check({ ...base, body: JSON.stringify({ fields: 'summary' }) }).join()).toMatch(/body\/fields must be object/);
    expect(spec.check({ ...base, body: JSON.stringify({ fields: {}, properties: [{ key: 'k', extra: 1 }] }) }).join()).toMatch(
      /must NOT have additional properties/,
    );
    expect(spec.check({ ...base, headers: { 'content-type': 'text/plain' }, body: 'x' }).join()).toMatch(/not JSON/);
  });
});
