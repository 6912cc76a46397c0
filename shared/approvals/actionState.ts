import type { PolicyDocument, Risk } from '.';
import type { WorkspaceState } from '../state/state';

// Projection slices for policy versions and actions (issue 6). They are
// optional and created by the first entry that needs them, so a journal
// without such entries folds to exactly the state (and state hash) it had
// before these kinds existed.

export interface PolicyVersion {
  hash: string;
  name: string;
  /** 1 for the first version published in this workspace, then 2, 3, ... */
  number: number;
  /** Id of the policy.publish entry, which holds the exact text. */
  entry: string;
  publishedAt: number;
  publishedBy: string;
  document: PolicyDocument;
}

export interface PolicySlice {
  /** Hash of the version in force; older versions stay for actions pinned to them. */
  current: string | null;
  versions: Record<string, PolicyVersion>;
}

/** unknown: sent, outcome never learnt, not re-sent (the target does not deduplicate): a human must check. */
export type ActionStatus = 'pending' | 'rejected' | 'dispatching' | 'retrying' | 'succeeded' | 'failed' | 'unknown';

export interface ActionVerdict {
  by: string;
  at: number;
  verdict: 'approve' | 'reject';
  entry: string;
  /** Approvals only: the paramsHash the approver saw; it counts only while it is the action's current hash. */
  paramsHash?: string;
}

export interface ActionOverride {
  by: string;
  at: number;
  justification: string;
  entry: string;
  /** The action's paramsHash when the override was given; an edit ends it like an approval. */
  paramsHash?: string;
}

export interface ActionAttempt {
  attempt: number;
  at: number;
  entry: string;
  /** The policy version and rule the dispatching peer evaluated, and whether break-glass allowed it. */
  policy: string;
  rule: string | null;
  override: boolean;
}

export interface ActionOutcome {
  attempt: number;
  at: number;
  entry: string;
  outcome: 'succeeded' | 'failed' | 'unknown';
  final: boolean;
  /** Vendor message (never a secret: connectors mask them before results are journaled). */
  message: string;
  httpStatus: number | null;
}

export interface ActionRecord {
  id: string;
  incident: string | null;
  connector: string;
  operation: string;
  environment: string;
  risk: Risk;
  target: string;
  summary: string;
  requester: string;
  /** Who executes it: the requester's device unless a dispatcher is named. */
  executor: string;
  requestedAt: number;
  /** The policy version in force when it was requested: the one it is judged by. */
  policy: string;
  /** SHA-256 of the canonical JSON of {connector, operation, environment, target, params, preview} as they stand now (issue 8). */
  paramsHash: string;
  /** action.edit entries, oldest first; absent while never edited. The latest holds the current params. */
  edits?: ActionEdit[];
  status: ActionStatus;
  /** Sorted by (by, at). */
  verdicts: ActionVerdict[];
  overrides: ActionOverride[];
  attempts: ActionAttempt[];
  result: ActionOutcome | null;
  updatedAt: number;
  /** Set by action.rollback (absent until then, which keeps older state hashes). */
  rollback?: ActionRollback;
}

/** One action.edit: the version it replaced and the one it made current. */
export interface ActionEdit {
  by: string;
  at: number;
  entry: string;
  from: string;
  to: string;
}

/** Undoing a succeeded action through its connector (issue 6): started, then its result. */
export interface ActionRollback {
  by: string;
  at: number;
  entry: string;
  reason: string;
  outcome: 'started' | 'succeeded' | 'failed';
  message: string;
  resultAt: number | null;
}

export function policiesOf(state: WorkspaceState): PolicySlice {
  state.policies ??= { current: null, versions: {} };
  return state.policies;
}

export function actionsOf(state: WorkspaceState): Record<string, ActionRecord> {
  state.actions ??= {};
  return state.actions;
}
