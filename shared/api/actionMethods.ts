import { z } from 'zod';
import { RiskSchema } from '../approvals/policySchema';

// API methods for actions, approvals and the outbox (issue 6); merged into
// `methods` in contract.ts. The host builds every view: the explanation is
// the policy evaluated at the host's clock (the same words as
// `commandpost action list`), and the parameters and preview come from the
// request's journal entry, which the projection does not keep.

const Id = z.string().min(1).max(200);
const Text = (max: number) => z.string().max(max);
const Params = z.record(z.string(), z.json());

/** Who did something, with the name the roster gives them. */
const Person = z.object({ key: z.string(), name: z.string() });

const PreviewSchema = z.object({
  /** One line saying what would happen. */
  text: z.string(),
  /** The exact request, secrets masked; null for connectors that send none (sandbox, command). */
  request: z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.string().nullable() }).nullable(),
  argv: z.array(z.string()).nullable(),
});
export type ActionPreview = z.infer<typeof PreviewSchema>;

export const ActionViewSchema = z.object({
  id: z.string(),
  incident: z.string().nullable(),
  connector: z.string(),
  operation: z.string(),
  environment: z.string(),
  risk: RiskSchema,
  target: z.string(),
  summary: z.string(),
  requester: Person,
  executor: Person,
  requestedAt: z.number(),
  status: z.enum(['pending', 'rejected', 'dispatching', 'retrying', 'succeeded', 'failed', 'unknown']),
  /** The hash an approval must name: the version the approver reviewed. */
  paramsHash: z.string(),
  /** How many times it was edited (approvals of earlier versions do not count). */
  version: z.number().int(),
  /** The current parameters and the preview recorded with them; null when redacted. */
  params: Params.nullable(),
  preview: z.string(),
  /** The policy's verdict now: allowed / blocked / rejected / expired, and why, in words. */
  decision: z
    .object({
      decision: z.enum(['allowed', 'blocked', 'rejected', 'expired']),
      override: z.boolean(),
      policy: z.string(),
      rule: z.string().nullable(),
      reasons: z.array(z.string()),
      approvers: z.array(Person),
      validUntil: z.number().nullable(),
    })
    .nullable(),
  verdicts: z.array(z.object({ by: Person, at: z.number(), verdict: z.enum(['approve', 'reject']), comment: z.string(), current: z.boolean() })),
  overrides: z.array(z.object({ by: Person, at: z.number(), justification: z.string() })),
  attempts: z.number().int(),
  result: z
    .object({ outcome: z.enum(['succeeded', 'failed', 'unknown']), message: z.string(), httpStatus: z.number().nullable(), at: z.number(), final: z.boolean() })
    .nullable(),
  rollback: z.object({ by: Person, outcome: z.enum(['started', 'succeeded', 'failed']), reason: z.string(), message: z.string() }).nullable(),
  /** What this user may do with it now, with the reason when not. */
  can: z.object({
    approve: z.string().nullable(),
    reject: z.string().nullable(),
    override: z.string().nullable(),
    rollback: z.string().nullable(),
  }),
});
export type ActionView = z.infer<typeof ActionViewSchema>;
/** `can.*`: null means allowed; otherwise the reason it is not. */
export type Permission = string | null;

export const OutboxItemSchema = z.object({
  actionId: z.string(),
  state: z.enum(['pending', 'waiting-approval', 'offline', 'sending', 'retrying', 'done', 'failed', 'unknown']),
  attempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  why: z.string().nullable(),
  connector: z.string(),
  operation: z.string(),
  summary: z.string(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const ConnectorInfoSchema = z.object({
  id: z.string(),
  operations: z.array(z.string()),
  canRollback: z.boolean(),
  /** Example parameters per operation for the composer (not secrets: secrets are named, never given). '*': any operation. */
  examples: z.record(z.string(), Params),
});
export type ConnectorInfo = z.infer<typeof ConnectorInfoSchema>;

const Latency = z.object({ count: z.number().int(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable(), maxMs: z.number().nullable() });

const RequestParams = z
  .object({
    connector: Id,
    operation: Id,
    environment: Id,
    risk: RiskSchema,
    target: Text(500).min(1),
    summary: Text(500).min(1),
    params: Params.default({}),
    incident: Id.nullable().default(null),
  })
  .strict();

export const actionMethods = {
  /** Every action, newest first, with the policy's explanation at the host's clock. */
  'actions:list': { params: z.object({}).strict(), result: z.object({ me: z.string(), now: z.number(), actions: z.array(ActionViewSchema) }) },
  /** The connectors this device has (its dispatch.yaml), for the composer. */
  'actions:connectors': { params: z.object({}).strict(), result: z.object({ connectors: z.array(ConnectorInfoSchema), dispatching: z.boolean() }) },
  /** Dry run of a proposed request: what would be sent, secrets masked, and what the policy would require. */
  'actions:preview': {
    params: RequestParams,
    result: z.object({ preview: PreviewSchema, explanation: z.array(z.string()) }),
  },
  'actions:request': { params: RequestParams, result: z.object({ id: z.string() }) },
  /** Approve exactly the version reviewed: `paramsHash` as the view showed it. */
  'actions:approve': {
    params: z.object({ id: Id, paramsHash: z.string().regex(/^[0-9a-f]{64}$/), comment: Text(2000).default('') }).strict(),
    result: z.object({ id: z.string() }),
  },
  'actions:reject': {
    params: z.object({ id: Id, comment: Text(2000).trim().min(1, 'say why it is rejected') }).strict(),
    result: z.object({ id: z.string() }),
  },
  /** Break-glass (incident commander): flagged wherever the action appears. */
  'actions:override': {
    params: z
      .object({ id: Id, justification: Text(2000).trim().min(10, 'a break-glass override needs a written justification (10 characters at least)') })
      .strict(),
    result: z.object({ id: z.string() }),
  },
  /** Undo a succeeded action through its connector (executor only); the outcome reaches the timeline. */
  'actions:rollback': {
    params: z.object({ id: Id, reason: Text(2000).trim().min(1, 'say why it is rolled back') }).strict(),
    result: z.object({ id: z.string() }),
  },
  /** This device's outbox: what it executes and why each waits. */
  'outbox:list': { params: z.object({}).strict(), result: z.object({ items: z.array(OutboxItemSchema) }) },
  /** Approval latency, automated share, failed and rolled back (issue 6 item 8). */
  'actions:metrics': {
    params: z.object({ incident: Id.optional() }).strict(),
    result: z.object({
      requested: z.number().int(),
      dispatched: z.number().int(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      unknownOutcome: z.number().int(),
      rejected: z.number().int(),
      rolledBack: z.number().int(),
      overridden: z.number().int(),
      automated: z.number().int(),
      manual: z.number().int(),
      automatedShare: z.number().nullable(),
      fromPlaybooks: z.number().int(),
      approvalLatency: Latency,
    }),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
