import { z } from 'zod';
import type { JsonValue } from '../canonical';
import { decideAction, matchRule, RiskSchema } from '.';
import { actionsOf, type ActionRecord } from './actionState';
import { own, type WorkspaceState } from '../state/state';
import type { ApplyContext } from '../entries/kindSpec';
import { defineKind, quote, suffix } from '../entries/kindSpec';
import { EntryRef, LongText, MemberKey, ShortText, Slug } from '../entries/ids';
import { actionParamsHash } from './actionParamsHash';
import { PolicyHashSchema } from '../entries/policyKinds';
import { PARTICIPANTS, RESPONDERS, type Role } from '../entries/roles';

// Actions: request -> approve / reject / override -> attempt -> result.
// Who may approve is decided by the rule of the policy version the action
// was requested under (pinned at request time, so publishing a new policy
// never silently re-judges actions already in flight). The fold checks each
// step against that rule and, for an attempt, re-runs the evaluation at the
// attempt's time, so an attempt the policy did not allow is marked rejected
// on every peer.

const DEFAULT_APPROVER_ROLES: readonly Role[] = ['approver', 'commander'];

export const ActionRequestBody = z.strictObject({
  connector: Slug,
  operation: Slug,
  environment: Slug,
  risk: RiskSchema,
  /** What it acts on, for humans ("deployment payments-api in prod-eu"). */
  target: ShortText,
  summary: ShortText,
  incident: EntryRef.nullable().default(null),
  /** A dispatcher host's member key; null: the requester's device executes. */
  executor: MemberKey.nullable().default(null),
  /** Connector parameters. Never secrets: connectors name secrets, the SecretStore holds them. */
  params: z.record(z.string(), z.json()).default({}),
  /** The connector's dry-run text, so approvers see what will happen. */
  preview: LongText.default(''),
});

const Comment = z.string().max(2000).default('');

function actionOf(state: WorkspaceState, id: string): ActionRecord | string {
  const action = state.actions === undefined ? undefined : own(state.actions, id);
  return action ?? 'unknown action';
}

/** Why `author` may not approve/reject `action`, or null. */
function verdictProblem(state: WorkspaceState, action: ActionRecord, author: string, verb: 'approve' | 'reject'): string | null {
  if (action.status !== 'pending') return `action is ${action.status}; it can no longer be ${verb}d`;
  if (author === action.requester) return `${own(state.members, author)?.name ?? author} is the requester and cannot ${verb}`;
  const version = state.policies === undefined ? undefined : own(state.policies.versions, action.policy);
  if (version === undefined) return 'the policy version of this action is unknown';
  const rule = matchRule(version.document, action);
  const roles = rule?.outcome.require?.roles ?? DEFAULT_APPROVER_ROLES;
  const member = own(state.members, author);
  if (member === undefined || !member.roles.some((r) => roles.includes(r))) {
    const ruleName = rule === null ? 'the policy' : rule.id === null ? 'the default rule' : `rule ${rule.id}`;
    return `roles ${member?.roles.join(', ') ?? 'none'} may not ${verb} under ${ruleName} of policy v${version.number} (needs ${roles.join(' or ')})`;
  }
  return null;
}

/** Lower-case hex SHA-256, as actionParamsHash writes it. */
export const ParamsHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a paramsHash is 64 lower-case hex digits');

function recordVerdict(action: ActionRecord, verdict: 'approve' | 'reject', ctx: ApplyContext, paramsHash?: string): void {
  // One standing verdict of each sort per member: approving again refreshes the approval (and its expiry).
  action.verdicts = action.verdicts.filter((v) => !(v.by === ctx.author && v.verdict === verdict));
  action.verdicts.push(
    paramsHash === undefined ? { by: ctx.author, at: ctx.at, verdict, entry: ctx.id } : { by: ctx.author, at: ctx.at, verdict, entry: ctx.id, paramsHash },
  );
  action.verdicts.sort((a, b) => (a.by !== b.by ? (a.by < b.by ? -1 : 1) : a.at - b.at || (a.verdict < b.verdict ? -1 : a.verdict > b.verdict ? 1 : 0)));
  action.updatedAt = ctx.at;
}

export const actionRequest = defineKind({
  kind: 'action.request',
  body: ActionRequestBody,
  roles: RESPONDERS,
  describe: (b) => `requested ${b.connector} ${b.operation} on ${b.target} (${b.environment}, risk ${b.risk}): ${quote(b.summary)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const policy = state.policies?.current ?? null;
    if (policy === null) return 'no policy is in force; an admin must publish one first (commandpost policy publish FILE)';
    if (body.incident !== null) {
      const incident = own(state.incidents, body.incident);
      if (incident === undefined) return 'unknown incident';
      if (incident.status === 'resolved') return 'incident is resolved';
    }
    if (body.executor !== null && own(state.members, body.executor)?.active !== true) return 'executor is not an active member';
    const paramsHash = actionParamsHash(ctx.hasher, { ...body, params: body.params as Record<string, JsonValue> });
    actionsOf(state)[ctx.id] = {
      id: ctx.id,
      incident: body.incident,
      connector: body.connector,
      operation: body.operation,
      environment: body.environment,
      risk: body.risk,
      target: body.target,
      summary: body.summary,
      requester: ctx.author,
      executor: body.executor ?? ctx.author,
      requestedAt: ctx.at,
      policy,
      paramsHash,
      status: 'pending',
      verdicts: [],
      overrides: [],
      attempts: [],
      result: null,
      updatedAt: ctx.at,
    };
  },
});

export const actionApprove = defineKind({
  kind: 'action.approve',
  body: z.strictObject({
    action: EntryRef,
    comment: Comment,
    /**
     * The paramsHash the approver was shown: the approval is bound to it. Optional only so that
     * journals written before issue 8 still parse; such an approval is bound to the request's
     * original hash (docs/policy.md), so it never counts once the action has been edited.
     */
    paramsHash: ParamsHashSchema.optional(),
  }),
  roles: PARTICIPANTS,
  describe: (b, ctx) => `approved ${quote(ctx.action(b.action))}${suffix(b.comment)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    const problem = verdictProblem(state, action, ctx.author, 'approve');
    if (problem !== null) return problem;
    const bound = body.paramsHash ?? action.edits?.[0]?.from ?? action.paramsHash;
    if (bound !== action.paramsHash) {
      const edit = action.edits?.at(-1);
      const when = edit === undefined ? '' : ` (edited by ${own(state.members, edit.by)?.name ?? edit.by} at ${new Date(edit.at).toISOString()})`;
      return (
        `the approval is for parameters ${bound.slice(0, 12)}…, but the action's parameters are now ${action.paramsHash.slice(0, 12)}…${when}; ` +
        `review the new version and approve again`
      );
    }
    recordVerdict(action, 'approve', ctx, bound);
  },
});

export const actionReject = defineKind({
  kind: 'action.reject',
  body: z.strictObject({ action: EntryRef, comment: z.string().trim().min(1, 'a rejection needs a reason').max(2000) }),
  roles: PARTICIPANTS,
  describe: (b, ctx) => `rejected ${quote(ctx.action(b.action))}: ${b.comment}`,
  report: 'decision',
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    const problem = verdictProblem(state, action, ctx.author, 'reject');
    if (problem !== null) return problem;
    recordVerdict(action, 'reject', ctx);
    action.status = 'rejected';
  },
});

export const actionOverride = defineKind({
  kind: 'action.override',
  body: z.strictObject({ action: EntryRef, justification: z.string().trim().min(1, 'a written justification is mandatory').max(2000) }),
  roles: ['commander'],
  describe: (b, ctx) => `BREAK-GLASS override of ${quote(ctx.action(b.action))}: ${b.justification}`,
  report: 'decision',
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    if (action.status !== 'pending' && action.status !== 'rejected') return `action is ${action.status}; there is nothing to override`;
    const version = state.policies === undefined ? undefined : own(state.policies.versions, action.policy);
    const rule = version === undefined ? null : matchRule(version.document, action);
    if (rule !== null && !rule.outcome.breakGlass) return `${rule.id === null ? 'the default rule' : `rule ${rule.id}`} does not allow break-glass`;
    action.overrides.push({ by: ctx.author, at: ctx.at, justification: body.justification, entry: ctx.id, paramsHash: action.paramsHash });
    action.status = 'pending';
    action.updatedAt = ctx.at;
  },
});

export const actionAttempt = defineKind({
  kind: 'action.attempt',
  body: z.strictObject({
    action: EntryRef,
    attempt: z.number().int().min(1).max(1000),
    /** The policy version, rule and override flag the dispatching peer's evaluation used. */
    policy: PolicyHashSchema,
    rule: Slug.nullable(),
    override: z.boolean(),
  }),
  roles: PARTICIPANTS,
  describe: (b, ctx) => `dispatched ${quote(ctx.action(b.action))} (attempt ${b.attempt})`,
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    if (ctx.author !== action.executor) return "only the action's executor may dispatch it";
    if (action.status !== 'pending' && action.status !== 'retrying') return `action is ${action.status}; it cannot be dispatched`;
    if (body.attempt !== action.attempts.length + 1) return `expected attempt ${action.attempts.length + 1}, got ${body.attempt}`;
    if (body.policy !== action.policy) return 'the attempt cites another policy version than the one the action was requested under';
    const decision = decideAction(state, action, ctx.at);
    if (decision === null) return 'the policy version of this action is unknown';
    if (decision.decision !== 'allowed') return `policy does not allow the action (${decision.decision}): ${decision.reasons.join('; ')}`;
    if (decision.rule !== body.rule || decision.override !== body.override) return 'the attempt does not record the decision the policy gives';
    action.attempts.push({ attempt: body.attempt, at: ctx.at, entry: ctx.id, policy: body.policy, rule: body.rule, override: body.override });
    action.status = 'dispatching';
    action.updatedAt = ctx.at;
  },
});

export const actionResult = defineKind({
  kind: 'action.result',
  body: z.strictObject({
    action: EntryRef,
    attempt: z.number().int().min(1).max(1000),
    /** unknown: sent, but the dispatcher stopped before it learnt the outcome and the target does not deduplicate (a human must check). */
    outcome: z.enum(['succeeded', 'failed', 'unknown']),
    /** false: the dispatcher will try again. */
    final: z.boolean().default(true),
    message: z.string().max(4000).default(''),
    httpStatus: z.number().int().min(100).max(599).nullable().default(null),
  }),
  roles: PARTICIPANTS,
  describe: (b, ctx) => `${quote(ctx.action(b.action))} ${b.outcome}${suffix(b.message)}`,
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    if (ctx.author !== action.executor) return "only the action's executor may record its result";
    if (action.status !== 'dispatching') return `action is ${action.status}; no attempt awaits a result`;
    if (body.attempt !== action.attempts.length) return `the latest attempt is ${action.attempts.length}, not ${body.attempt}`;
    if (body.outcome === 'succeeded' && !body.final) return 'a success is always final';
    action.result = {
      attempt: body.attempt,
      at: ctx.at,
      entry: ctx.id,
      outcome: body.outcome,
      final: body.final,
      message: body.message,
      httpStatus: body.httpStatus,
    };
    if (body.outcome === 'unknown' && !body.final) return 'an unknown outcome is always final (nothing is re-sent blind)';
    action.status = body.outcome === 'succeeded' ? 'succeeded' : body.outcome === 'unknown' ? 'unknown' : body.final ? 'failed' : 'retrying';
    action.updatedAt = ctx.at;
  },
});
