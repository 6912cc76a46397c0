import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { callVendor, field, jsonBody } from './httpCall';
import { loadSecrets, maskOf, scrubResult } from './secrets';

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

const CheckedParams = GitHubParams.refine((p) => Object.keys(p.inputs).length + (p.idempotencyInput ? 1 : 0) <= 25, {
  message: 'GitHub takes at most 25 workflow inputs',
  path: ['inputs'],
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
    preview: (p) => ({ text: `Run workflow ${p.workflow} of ${p.owner}/${p.repo} on ${p.ref}`, request: build(p, maskOf(secret), '<action id>') }),
    async execute(p, ctx) {
      const secrets = await loadSecrets(ctx.secrets, [secret]);
      if (!secrets.ok) return secrets;
      const token = secrets.values[secret] ?? '';
      const out = await callVendor(build(p, token, ctx.idempotencyKey), ctx, {
        vendor: 'GitHub',
        vendorMessage: (res) => {
          const m = field(jsonBody(res), 'message');
          return typeof m === 'string' ? m : null;
        },
      });
      if (!out.ok) return scrubResult(out.result, [token]);
      return scrubResult(success(`GitHub accepted the dispatch of ${p.workflow} on ${p.ref}`, { status: out.res.status }), [token]);
    },
  };
}
