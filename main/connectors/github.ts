import { z } from 'zod';
import type { JsonValue } from '../../shared/canonical';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import type { HttpResponse } from './http';
import { field, jsonBody } from './httpCall';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

// GitHub Actions "Create a workflow dispatch event"
// (POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches).
// No vendor excerpt is in test/fixtures (see test/fixtures/SOURCE.md): this
// follows GitHub's current REST documentation: workflow_id is an id or a
// workflow file name, body { ref, inputs (at most 25) }, answer 204 (or 200
// with run details when return_run_details is set). GitHub has no
// idempotency key for dispatches; the action id is passed as an input only
// when the workflow declares one (idempotencyInput), since GitHub rejects
// undeclared inputs with 422.

export interface GitHubConfig {
  baseUrl?: string;
  tokenSecret?: string;
}

/**
 * Workflow dispatch inputs: at most 25 top-level properties and at most
 * 65,535 characters of payload ("Workflow syntax", on.workflow_dispatch.inputs,
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_dispatchinputs).
 * "Create a workflow dispatch event"
 * (https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event)
 * answers 204 No Content, or 200 with {workflow_run_id, run_url, html_url}
 * when return_run_details is set. Rate limits ("Rate limits for the REST API",
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * 403 or 429 with x-ratelimit-remaining: 0 waits until x-ratelimit-reset (UTC
 * epoch seconds); a secondary rate limit is 403 or 429 with a message saying
 * so and maybe retry-after; with neither header, wait at least a minute.
 */
export const GITHUB_MAX_INPUTS = 25;
export const GITHUB_INPUTS_MAX_CHARS = 65_535;
const SECONDARY_WAIT_MS = 60_000;

/** GitHub's rate-limit answers, which come as 403 as well as 429. */
export function gitHubRetryLater(res: HttpResponse, nowMs: number): { afterMs: number | null } | null {
  if (res.status !== 403 && res.status !== 429) return null;
  if (res.headers['retry-after'] !== undefined) return { afterMs: null };
  const reset = Number(res.headers['x-ratelimit-reset']);
  if (res.headers['x-ratelimit-remaining'] === '0') return { afterMs: Number.isFinite(reset) ? Math.max(0, reset * 1000 - nowMs) : SECONDARY_WAIT_MS };
  const message = field(jsonBody(res), 'message');
  if (typeof message === 'string' && /secondary rate limit/i.test(message)) return { afterMs: SECONDARY_WAIT_MS };
  return res.status === 429 ? { afterMs: null } : null;
}

const Name = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/);

export const GitHubParams = z.strictObject({
  operation: z.literal('workflow_dispatch'),
  owner: Name,
  repo: Name,
  workflow: z.union([z.number().int().positive(), z.string().regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, 'expected a workflow id or file name (deploy.yml)')]),
  ref: z.string().min(1).max(255),
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Name of a workflow input that should receive the action id. */
  idempotencyInput: z.string().min(1).max(100).optional(),
});
export type GitHubParams = z.output<typeof GitHubParams>;

const CheckedParams = GitHubParams.superRefine((p, ctx) => {
  if (Object.keys(p.inputs).length + (p.idempotencyInput ? 1 : 0) > GITHUB_MAX_INPUTS) {
    ctx.addIssue({ code: 'custom', path: ['inputs'], message: `GitHub takes at most ${GITHUB_MAX_INPUTS} workflow inputs` });
  }
  // The action id (64 characters) goes in too when idempotencyInput names an input.
  const size = JSON.stringify(p.idempotencyInput === undefined ? p.inputs : { ...p.inputs, [p.idempotencyInput]: 'a'.repeat(64) }).length;
  if (size > GITHUB_INPUTS_MAX_CHARS)
    ctx.addIssue({
      code: 'custom',
      path: ['inputs'],
      message: `the inputs are ${size.toLocaleString('en-US')} characters as JSON; GitHub takes at most ${GITHUB_INPUTS_MAX_CHARS.toLocaleString('en-US')}`,
    });
});

export function gitHubConnector(config: GitHubConfig = {}): Connector<GitHubParams> {
  const baseUrl = (config.baseUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const secret = config.tokenSecret ?? 'github';
  const build = (p: GitHubParams, token: string, key: string): HttpRequestSpec => {
    const inputs = p.idempotencyInput === undefined ? p.inputs : { ...p.inputs, [p.idempotencyInput]: key };
    return {
      method: 'POST',
      url: `${baseUrl}/repos/${p.owner}/${p.repo}/actions/workflows/${encodeURIComponent(String(p.workflow))}/dispatches`,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'x-github-api-version': '2022-11-28',
        'content-type': 'application/json',
        'user-agent': 'commandpost',
      },
      body: JSON.stringify({ ref: p.ref, ...(Object.keys(inputs).length > 0 ? { inputs } : {}) }),
    };
  };
  return {
    id: 'github',
    operations: ['workflow_dispatch'],
    params: CheckedParams,
    validate: (params) => parseParams('github', CheckedParams, params),
    secretNames: () => [secret],
    preview: (p) => ({ text: `Run workflow ${p.workflow} of ${p.owner}/${p.repo} on ${p.ref}`, request: build(p, maskOf(secret), '<action id>') }),
    async execute(p, ctx) {
      return callWithSecret(ctx, {
        secret,
        request: (token) => build(p, token, ctx.idempotencyKey),
        vendor: 'GitHub',
        retryLater: gitHubRetryLater,
        vendorMessage: (res) => {
          const m = field(jsonBody(res), 'message');
          return typeof m === 'string' ? m : null;
        },
        onSuccess: (res) => {
          // 200 carries the run when return_run_details was asked for; 204 says only that the dispatch was accepted.
          const body = res.status === 200 ? jsonBody(res) : null;
          const runId = field(body, 'workflow_run_id');
          const runUrl = field(body, 'html_url');
          const data: Record<string, JsonValue> =
            typeof runId === 'number' ? { workflowRunId: runId, htmlUrl: typeof runUrl === 'string' ? runUrl : null } : {};
          return success(`GitHub accepted the dispatch of ${p.workflow} on ${p.ref}${typeof runId === 'number' ? ` (run ${runId})` : ''}`, {
            status: res.status,
            data,
          });
        },
      });
    },
  };
}
