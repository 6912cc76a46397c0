import type { ActionView } from '../../shared/api';
import type { Role } from '../../shared/entries';
import { decideAction, type Decision } from '../../shared/approvals';
import { own, type ActionRecord, type WorkspaceState } from '../../shared/state';
import type { AnyConnector } from '../connectors';
import { currentVersion } from '../dispatch';
import type { Workspace } from '../workspace';

// Actions as the console shows them: the projection's record, the policy's
// explanation at `now` (the same sentences `commandpost action list`
// prints), the parameters and preview from the journal entry that set the
// current version, and what this user may do — with the reason when not,
// so a button can say why it is disabled instead of failing on click.

const APPROVER_ROLES: readonly Role[] = ['approver', 'commander'];
const OPEN: readonly ActionRecord['status'][] = ['pending', 'retrying'];

function person(state: Readonly<WorkspaceState>, key: string) {
  return { key, name: own(state.members, key)?.name ?? `${key.slice(0, 8)}…` };
}

function commentOf(ws: Workspace, entryId: string): string {
  const body = ws.store.get(entryId)?.body;
  if (body === null || body === undefined || typeof body !== 'object') return '';
  const comment = (body as { comment?: unknown }).comment;
  return typeof comment === 'string' ? comment : '';
}

/** null: `me` may approve (or reject) it now; otherwise why not. */
function verdictPermission(state: Readonly<WorkspaceState>, a: ActionRecord, d: Decision | null, me: string, verdict: 'approve' | 'reject'): string | null {
  if (a.status !== 'pending') return `it is ${a.status}`;
  if (a.requester === me) return 'you requested it: the requester never counts as an approver (separation of duties)';
  const member = own(state.members, me);
  if (member === undefined || !member.active) return 'you are not an active member of this workspace';
  const roles = d?.missing?.roles.length ? d.missing.roles : APPROVER_ROLES;
  if (!member.roles.some((r) => roles.includes(r))) return `it needs the role ${roles.join(' or ')}; you are ${member.roles.join(', ') || 'without a role'}`;
  if (verdict === 'approve' && a.verdicts.some((v) => v.by === me && v.verdict === 'approve' && v.paramsHash === a.paramsHash))
    return 'you approved this version already';
  return null;
}

function overridePermission(state: Readonly<WorkspaceState>, a: ActionRecord, d: Decision | null, me: string): string | null {
  if (a.status !== 'pending') return `it is ${a.status}`;
  if (d?.decision === 'allowed') return 'the policy allows it already';
  if (!own(state.members, me)?.roles.includes('commander')) return 'only an incident commander can break glass';
  return null;
}

function rollbackPermission(a: ActionRecord, me: string, connectors: ReadonlyMap<string, AnyConnector>): string | null {
  if (a.status !== 'succeeded') return 'only a succeeded action can be rolled back';
  if (a.rollback !== undefined) return `a rollback was ${a.rollback.outcome === 'started' ? 'started' : a.rollback.outcome}`;
  if (a.executor !== me) return 'only the device that executed it holds its undo data';
  if (connectors.get(a.connector)?.rollback === undefined) return `connector ${a.connector} cannot undo what it did`;
  return null;
}

export function actionView(ws: Workspace, a: ActionRecord, me: string, now: number, connectors: ReadonlyMap<string, AnyConnector>): ActionView {
  const state = ws.state;
  const d = decideAction(state, a, now);
  const v = currentVersion(ws, a);
  return {
    id: a.id,
    incident: a.incident,
    connector: a.connector,
    operation: a.operation,
    environment: a.environment,
    risk: a.risk,
    target: v?.target ?? a.target,
    summary: a.summary,
    requester: person(state, a.requester),
    executor: person(state, a.executor),
    requestedAt: a.requestedAt,
    status: a.status,
    paramsHash: a.paramsHash,
    version: (a.edits?.length ?? 0) + 1,
    params: v?.params ?? null,
    preview: v?.preview ?? '',
    decision:
      d === null
        ? null
        : {
            decision: d.decision,
            override: d.override,
            policy: d.policy,
            rule: d.rule,
            reasons: d.reasons,
            approvers: d.approvers.map((k) => person(state, k)),
            validUntil: d.validUntil,
          },
    verdicts: a.verdicts.map((x) => ({
      by: person(state, x.by),
      at: x.at,
      verdict: x.verdict,
      comment: commentOf(ws, x.entry),
      current: x.paramsHash === undefined || x.paramsHash === a.paramsHash,
    })),
    overrides: a.overrides.map((o) => ({ by: person(state, o.by), at: o.at, justification: o.justification })),
    attempts: a.attempts.length,
    result:
      a.result === null
        ? null
        : { outcome: a.result.outcome, message: a.result.message, httpStatus: a.result.httpStatus, at: a.result.at, final: a.result.final },
    rollback:
      a.rollback === undefined
        ? null
        : { by: person(state, a.rollback.by), outcome: a.rollback.outcome, reason: a.rollback.reason, message: a.rollback.message },
    can: {
      approve: verdictPermission(state, a, d, me, 'approve'),
      reject: verdictPermission(state, a, d, me, 'reject'),
      override: overridePermission(state, a, d, me),
      rollback: rollbackPermission(a, me, connectors),
    },
  };
}

/** Open actions first (oldest waiting longest on top), then the rest, newest first. */
export function actionViews(ws: Workspace, me: string, now: number, connectors: ReadonlyMap<string, AnyConnector>): ActionView[] {
  const all = Object.values(ws.state.actions ?? {});
  const isOpen = (a: ActionRecord) => OPEN.includes(a.status) || a.status === 'dispatching';
  const open = all.filter(isOpen).sort((x, y) => x.requestedAt - y.requestedAt || (x.id < y.id ? -1 : 1));
  const done = all.filter((a) => !isOpen(a)).sort((x, y) => y.requestedAt - x.requestedAt || (x.id < y.id ? -1 : 1));
  return [...open, ...done].map((a) => actionView(ws, a, me, now, connectors));
}
