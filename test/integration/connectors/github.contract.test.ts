import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { gitHubConnector } from '../../../main/connectors';
import { KEY, contractSuite } from './contractSuite';
import type { ReceivedRequest } from './specValidator';

// No excerpt of GitHub's OpenAPI description is in test/fixtures (see
// its SOURCE.md: the only stored copy was from 2020 and differs from today's
// API). This check is written from GitHub's REST documentation for "Create a
// workflow dispatch event" (POST /repos/{owner}/{repo}/actions/workflows/
// {workflow_id}/dispatches, API version 2022-11-28): body { ref (required),
// inputs (object, at most 25 properties, any JSON values),
// return_run_details (boolean) }; answers 204, or 200 with run details.
const BODY_SCHEMA = {
  type: 'object',
  required: ['ref'],
  additionalProperties: false,
  properties: {
    ref: { type: 'string', minLength: 1 },
    inputs: { type: 'object', maxProperties: 25 },
    return_run_details: { type: 'boolean' },
  },
};
const validateBody = new Ajv({ allErrors: true }).compile(BODY_SCHEMA);
const PATH = /^\/repos\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/actions\/workflows\/([0-9]+|[A-Za-z0-9_.-]+\.ya?ml)\/dispatches$/;
const TOKEN = 'ghp_contractSecretToken0123456789abcdef';

function check(req: ReceivedRequest): string[] {
  const problems: string[] = [];
  if (req.method !== 'POST') problems.push(`method ${req.method}, expected POST`);
  if (!PATH.test(req.path)) problems.push(`path ${req.path} is not a workflow dispatch path`);
  if (req.headers.accept !== 'application/vnd.github+json') problems.push('accept should be application/vnd.github+json');
  if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) problems.push('missing bearer token');
  if (req.headers['x-github-api-version'] !== '2022-11-28') problems.push('missing X-GitHub-Api-Version');
  if (req.headers['user-agent'] === undefined) problems.push('GitHub requires a User-Agent');
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return [...problems, 'body is not JSON'];
  }
  if (!validateBody(body)) problems.push(...(validateBody.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? ''}`));
  return problems;
}

contractSuite({
  name: 'GitHub workflow_dispatch (from GitHub documentation)',
  check,
  connector: (url) => gitHubConnector({ baseUrl: url }),
  params: {
    operation: 'workflow_dispatch',
    owner: 'acme',
    repo: 'payments',
    workflow: 'rollback.yml',
    ref: 'main',
    inputs: { version: 'v1.4.2', dry_run: false },
    idempotencyInput: 'commandpost_action',
  },
  secrets: { github: TOKEN },
  ok: [{ status: 204 }],
  clientError: {
    reply: { status: 422, body: { message: 'Unexpected inputs provided: ["bogus"]', documentation_url: 'https://docs.github.com/rest' } },
    vendorMessage: 'Unexpected inputs provided: ["bogus"]',
  },
  errorBody: { message: 'Server Error' },
  retryLater: [
    {
      name: 'HTTP 403 with x-ratelimit-remaining: 0 (until x-ratelimit-reset)',
      reply: {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.UTC(2025, 0, 15, 12, 0, 3) / 1000) },
        body: { message: 'API rate limit exceeded' },
      },
      delayMs: 3000,
    },
    {
      name: 'HTTP 403 secondary rate limit with retry-after',
      reply: { status: 403, headers: { 'retry-after': '4' }, body: { message: 'You have exceeded a secondary rate limit.' } },
      delayMs: 4000,
    },
    {
      name: 'HTTP 429 secondary rate limit with retry-after',
      reply: { status: 429, headers: { 'retry-after': '2' }, body: { message: 'You have exceeded a secondary rate limit.' } },
      delayMs: 2000,
    },
  ],
  overLimits: [
    {
      name: 'more than 25 inputs',
      params: {
        operation: 'workflow_dispatch',
        owner: 'a',
        repo: 'b',
        workflow: 'ci.yml',
        ref: 'main',
        inputs: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, i])),
      },
      message: /at inputs: GitHub takes at most 25 workflow inputs/,
    },
    {
      name: 'inputs over 65,535 characters',
      params: { operation: 'workflow_dispatch', owner: 'a', repo: 'b', workflow: 'ci.yml', ref: 'main', inputs: { notes: 'n'.repeat(65_600) } },
      message: /GitHub takes at most 65,535/,
    },
  ],
  inspect: ([req]) => {
    expect(req?.path).toBe('/repos/acme/payments/actions/workflows/rollback.yml/dispatches');
    expect(JSON.parse(req?.body ?? '{}')).toEqual({ ref: 'main', inputs: { version: 'v1.4.2', dry_run: false, commandpost_action: KEY } });
  },
});

describe('GitHub contract check itself', () => {
  it('rejects a dispatch without ref, with 26 inputs, or to a path that is not a workflow', () => {
    const headers = { accept: 'application/vnd.github+json', authorization: 'Bearer x', 'x-github-api-version': '2022-11-28', 'user-agent': 'ua' };
    const base = { method: 'POST', path: '/repos/a/b/actions/workflows/ci.yml/dispatches', query: new URLSearchParams(), headers };
    expect(check({ ...base, body: JSON.stringify({ inputs: {} }) })).toContain("body must have required property 'ref'");
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, i]));
    expect(check({ ...base, body: JSON.stringify({ ref: 'main', inputs: many }) }).join()).toMatch(/must NOT have more than 25 properties/);
    expect(check({ ...base, path: '/repos/a/b/actions/workflows/ci/dispatches', body: '{"ref":"main"}' }).join()).toMatch(/not a workflow dispatch path/);
  });
});
