import { z } from 'zod';
import { parseParams, success, type Connector, type HttpRequestSpec } from './connector';
import { field, jsonBody } from './httpCall';
import { maskOf } from './secrets';
import { callWithSecret } from './secretCall';

// Jira Cloud REST v3 "Create issue" (POST /rest/api/3/issue), basic auth
// with an account e-mail and API token. Jira has no idempotency key; the
// action id is stored as an issue entity property (commandpost.action) so
// an operator, or a later dispatcher, can find an issue a lost response
// already created.

export interface JiraConfig {
  /** https://your-domain.atlassian.net */
  baseUrl: string;
  /** Secret-store name of "email:api-token". */
  credentialSecret?: string;
}

/**
 * Jira Cloud: a multi-line text field (the description) holds at most 32,767
 * characters (Jira's REST API description, e.g. CustomFieldContextDefaultValueTextArea:
 * "The maximum length is 32767 characters",
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-contexts/);
 * an issue summary at most 255 (Jira answers 400 "Summary must be less than
 * 255 characters"; no Atlassian page stating it was found in this check).
 * "Create issue" answers 201 {id, key, self}. Rate limits answer 429 with
 * Retry-After, and a 503 may carry Retry-After too
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/): both retryable.
 */
export const JIRA_SUMMARY_MAX_CHARS = 255;
export const JIRA_TEXT_MAX_CHARS = 32_767;

export const JiraParams = z.strictObject({
  operation: z.literal('create_issue'),
  project: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'expected a Jira project key such as OPS'),
  issueType: z.string().min(1).max(60).default('Task'),
  summary: z.string().trim().min(1).max(JIRA_SUMMARY_MAX_CHARS, `Jira takes a summary of at most ${JIRA_SUMMARY_MAX_CHARS} characters`),
  description: z
    .string()
    .max(JIRA_TEXT_MAX_CHARS, `Jira takes a description of at most ${JIRA_TEXT_MAX_CHARS.toLocaleString('en-US')} characters`)
    .optional(),
  labels: z.array(z.string().regex(/^\S+$/, 'labels cannot contain spaces')).max(20).optional(),
});
export type JiraParams = z.output<typeof JiraParams>;

/** Atlassian Document Format for plain paragraphs (v3 takes no plain-text description). */
function adf(text: string): Record<string, unknown> {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim() !== '');
  return { type: 'doc', version: 1, content: paragraphs.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })) };
}

export function jiraConnector(config: JiraConfig): Connector<JiraParams> {
  const baseUrl = config.baseUrl.replace(/\/$/, '');
  const secret = config.credentialSecret ?? 'jira';
  const build = (p: JiraParams, authorization: string, key: string): HttpRequestSpec => ({
    method: 'POST',
    url: `${baseUrl}/rest/api/3/issue`,
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization },
    body: JSON.stringify({
      fields: {
        project: { key: p.project },
        issuetype: { name: p.issueType },
        summary: p.summary,
        ...(p.description === undefined ? {} : { description: adf(p.description) }),
        ...(p.labels === undefined ? {} : { labels: p.labels }),
      },
      properties: [{ key: 'commandpost.action', value: { idempotencyKey: key } }],
    }),
  });
  return {
    id: 'jira',
    operations: ['create_issue'],
    params: JiraParams,
    validate: (params) => parseParams('jira', JiraParams, params),
    secretNames: () => [secret],
    preview: (p) => ({ text: `Create a Jira ${p.issueType} in ${p.project}: ${p.summary}`, request: build(p, `Basic ${maskOf(secret)}`, '<action id>') }),
    async execute(p, ctx) {
      const basic = (credential: string): string => Buffer.from(credential).toString('base64');
      return callWithSecret(ctx, {
        secret,
        request: (credential) => build(p, `Basic ${basic(credential)}`, ctx.idempotencyKey),
        // The header form of the credential is a secret too: scrub both, and its long parts.
        alsoHide: (credential) => [basic(credential), ...credential.split(':').filter((s) => s.length >= 8)],
        vendor: 'Jira',
        vendorMessage: (res) => {
          const body = jsonBody(res);
          const messages = field(body, 'errorMessages');
          const errors = field(body, 'errors');
          const parts = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === 'string') : [];
          if (errors !== null && typeof errors === 'object') for (const [k, v] of Object.entries(errors)) if (typeof v === 'string') parts.push(`${k}: ${v}`);
          return parts.length > 0 ? parts.join('; ') : null;
        },
        onSuccess: (res) => {
          const issueKey = field(jsonBody(res), 'key');
          const id = field(jsonBody(res), 'id');
          const data = { key: typeof issueKey === 'string' ? issueKey : null, id: typeof id === 'string' ? id : null };
          return success(`created Jira issue ${data.key ?? '(no key returned)'}`, { status: res.status, data });
        },
      });
    },
  };
}
