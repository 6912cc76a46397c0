import { z } from 'zod';
import { own, type WorkspaceState } from '../state/state';
import type { ActionRecord } from '../approvals/actionState';
import { defineKind, quote, suffix } from './kindSpec';
import { EntryRef } from './ids';
import { RESPONDERS } from './roles';

// Rolling back a succeeded action through its connector (issue 6). Like a
// dispatch, it is journaled before anything is sent (action.rollback) and
// its outcome after (action.rollbackResult), and only the action's executor
// may do it: that device holds the credentials and the connector's undo data
// (kept in its outbox, never journaled). Undoing an action that policy
// already allowed needs no new approvals; the entry names who and why, and
// reports flag it.

function actionOf(state: WorkspaceState, id: string): ActionRecord | string {
  return (state.actions === undefined ? undefined : own(state.actions, id)) ?? 'unknown action';
}

export const actionRollback = defineKind({
  kind: 'action.rollback',
  body: z.strictObject({ action: EntryRef, reason: z.string().trim().min(1, 'a rollback needs a reason').max(2000) }),
  roles: RESPONDERS,
  describe: (b, ctx) => `asked to roll back ${quote(ctx.action(b.action))}: ${b.reason}`,
  report: 'decision',
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    if (ctx.author !== action.executor) return "only the action's executor may roll it back (it holds the credentials and undo data)";
    if (action.status !== 'succeeded') return `action is ${action.status}; only a succeeded action can be rolled back`;
    if (action.rollback !== undefined && action.rollback.outcome !== 'failed')
      return `a rollback has already ${action.rollback.outcome === 'started' ? 'started' : 'succeeded'}`;
    action.rollback = { by: ctx.author, at: ctx.at, entry: ctx.id, reason: body.reason, outcome: 'started', message: '', resultAt: null };
    action.updatedAt = ctx.at;
  },
});

export const actionRollbackResult = defineKind({
  kind: 'action.rollbackResult',
  body: z.strictObject({
    action: EntryRef,
    outcome: z.enum(['succeeded', 'failed']),
    message: z.string().max(4000).default(''),
  }),
  roles: RESPONDERS,
  describe: (b, ctx) => `rollback of ${quote(ctx.action(b.action))} ${b.outcome}${suffix(b.message)}`,
  apply(state, body, ctx) {
    const action = actionOf(state, body.action);
    if (typeof action === 'string') return action;
    if (ctx.author !== action.executor) return "only the action's executor may record its rollback";
    if (action.rollback?.outcome !== 'started') return 'no rollback of this action awaits a result';
    action.rollback = { ...action.rollback, outcome: body.outcome, message: body.message, resultAt: ctx.at };
    action.updatedAt = ctx.at;
  },
});
