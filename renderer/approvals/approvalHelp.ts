import { DEMO_APPROVER_COMMAND, DEMO_APPROVER_NAME } from '../../shared/api';
import type { ActionView } from '../../shared/api';
import type { Role } from '../../shared/entries';
import { decideAction } from '../../shared/approvals';
import { own, type WorkspaceState } from '../../shared/state';

// Why this person cannot approve an action, and who can, in words for the
// card itself (a tooltip is not enough: the requester, alone at the console,
// must see that separation of duties holds the action and whom to ask). The
// roles come from the policy's own explanation of what is missing.

const DEFAULT_ROLES: readonly Role[] = ['approver', 'commander'];

export interface ApprovalHelp {
  /** Why `me` cannot approve, as a sentence. */
  why: string;
  /** The roles whose approval counts. */
  roles: Role[];
  /** Active members holding one, besides the requester and whoever approved this version already. */
  members: string[];
  /** The command that opens a console as the demo's approver on this machine, when they are one of `members`. */
  demoCommand: string | null;
}

export function approvalHelp(state: Readonly<WorkspaceState> | null, action: ActionView, me: string | null, now: number): ApprovalHelp | null {
  if (action.status !== 'pending' || action.can.approve === null) return null;
  const record = state?.actions === undefined ? undefined : own(state.actions, action.id);
  const missing = state !== null && record !== undefined ? decideAction(state, record, now)?.missing : undefined;
  const roles = missing?.roles.length ? missing.roles : [...DEFAULT_ROLES];
  const approved = new Set(action.verdicts.filter((v) => v.current && v.verdict === 'approve').map((v) => v.by.key));
  const members = Object.values(state?.members ?? {})
    .filter((m) => m.active && m.key !== action.requester.key && m.key !== me && !approved.has(m.key) && m.roles.some((r) => roles.includes(r)))
    .map((m) => m.name)
    .sort();
  const mine = me !== null && action.requester.key === me;
  const why = mine
    ? 'You requested this action, so you cannot approve it: the policy never counts the requester (separation of duties).'
    : `You cannot approve it: ${action.can.approve}.`;
  return { why, roles, members, demoCommand: members.includes(DEMO_APPROVER_NAME) ? DEMO_APPROVER_COMMAND : null };
}

/** "Who can: a member with the role approver or commander — Lena Fischer, Avery Demo-Approver." */
export function whoCanText(help: ApprovalHelp): string {
  const roles = `a member with the role ${help.roles.join(' or ')}`;
  if (help.members.length === 0) return `Who can: ${roles}; nobody on the roster can yet (an admin adds one).`;
  return `Who can: ${roles} — ${help.members.join(', ')}.`;
}
