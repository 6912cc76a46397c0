import { z } from 'zod';
import type { JsonValue } from '../canonical';
import { own } from '../state/state';
import { actionParamsHash } from './actionParamsHash';
import { EntryRef, LongText, ShortText } from '../entries/ids';
import { defineKind, quote, suffix } from '../entries/kindSpec';
import { RESPONDERS } from '../entries/roles';

// action.edit (issue 8): the requester changes a pending action's target,
// params or preview. The body restates the whole new version rather than a
// patch, so the fold can hash it without keeping params in the projection
// and the dispatcher reads the current params from one entry. The new hash
// is what approvals must now be bound to; earlier approvals stop counting
// (shared/approvals/evaluate.ts), and the fold refuses approvals of older hashes.

export const ActionEditBody = z.strictObject({
  action: EntryRef,
  target: ShortText,
  params: z.record(z.string(), z.json()).default({}),
  preview: LongText.default(''),
  /** Why it changed, for the approvers who must look again. */
  comment: z.string().max(2000).default(''),
});

export const actionEdit = defineKind({
  kind: 'action.edit',
  body: ActionEditBody,
  roles: RESPONDERS,
  describe: (b, ctx) => `edited ${quote(ctx.action(b.action))} (earlier approvals no longer count)${suffix(b.comment)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const action = state.actions === undefined ? undefined : own(state.actions, body.action);
    if (action === undefined) return 'unknown action';
    if (ctx.author !== action.requester) return 'only the requester may edit an action';
    if (action.status !== 'pending') return `action is ${action.status}; only a pending action can be edited`;
    const version = { ...action, target: body.target, params: body.params as Record<string, JsonValue>, preview: body.preview };
    const to = actionParamsHash(ctx.hasher, version);
    if (to === action.paramsHash) return 'the edit changes nothing (same target, params and preview)';
    action.edits = [...(action.edits ?? []), { by: ctx.author, at: ctx.at, entry: ctx.id, from: action.paramsHash, to }];
    action.paramsHash = to;
    action.target = body.target;
    action.updatedAt = ctx.at;
  },
});
