import { own, type WorkspaceState } from '../state/state';
import type { ActionRecord } from './actionState';
import { evaluate, type ApprovalFact, type Decision } from './evaluate';

/** The verdicts and overrides recorded for an action, as evaluation takes them. */
export function approvalFactsOf(action: ActionRecord): ApprovalFact[] {
  return [
    ...action.verdicts.map((v) => ({ by: v.by, at: v.at, verdict: v.verdict, ...(v.paramsHash === undefined ? {} : { paramsHash: v.paramsHash }) })),
    ...action.overrides.map((o) => ({
      by: o.by,
      at: o.at,
      verdict: 'override' as const,
      justification: o.justification,
      ...(o.paramsHash === undefined ? {} : { paramsHash: o.paramsHash }),
    })),
  ];
}

/**
 * Evaluate a recorded action against the policy version it was requested
 * under and the roster in `state`, at `now`. Null only if that version is
 * unknown (which the fold never lets happen).
 */
export function decideAction(state: Readonly<WorkspaceState>, action: ActionRecord, now: number): Decision | null {
  const version = state.policies === undefined ? undefined : own(state.policies.versions, action.policy);
  if (version === undefined) return null;
  return evaluate(version, action, approvalFactsOf(action), state.members, now);
}
