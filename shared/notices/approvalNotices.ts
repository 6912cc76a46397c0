import { z } from 'zod';
import type { StateChangedEvent } from '../api/contract';
import type { Role } from '../entries/roles';
import { own, type WorkspaceState } from '../state/state';
import { MAX_SEPARATE_NOTICES, type Notice } from './assignmentNotices';

// When to tell an approver at this device, with a desktop notification, that
// an action waits for approval (issue 6: "approvers see it in an inbox and get
// a desktop notification"). A pure decision over the entries a state change
// added, like assignmentNotices; the policy's exact requirement is shown in
// the inbox, so this only needs "could this person approve such things".

const APPROVER_ROLES: readonly Role[] = ['approver', 'commander'];

const RequestBody = z.object({ summary: z.string(), connector: z.string(), operation: z.string(), environment: z.string(), risk: z.string() });

/** Notices for the action requests in `added` that `me` could approve (someone else asked; me holds an approver role). */
export function approvalNotices(added: StateChangedEvent['added'], me: string, state: Readonly<WorkspaceState>): Notice[] {
  const member = own(state.members, me);
  if (member === undefined || !member.active || !member.roles.some((r) => APPROVER_ROLES.includes(r))) return [];
  const asks: string[] = [];
  for (const entry of added) {
    if (entry.header.kind !== 'action.request' || entry.rejected !== null || entry.body === null || entry.header.author === me) continue;
    const body = RequestBody.safeParse(entry.body);
    if (!body.success) continue;
    const b = body.data;
    const who = own(state.members, entry.header.author)?.name ?? 'someone';
    asks.push(`${b.summary}\n${b.connector} ${b.operation} in ${b.environment} (risk ${b.risk}), requested by ${who}`);
  }
  if (asks.length > MAX_SEPARATE_NOTICES) {
    return [
      {
        title: `${asks.length} actions wait for approval`,
        body:
          asks
            .slice(0, MAX_SEPARATE_NOTICES)
            .map((a) => a.split('\n')[0])
            .join('\n') + '\n…',
      },
    ];
  }
  return asks.map((body) => ({ title: 'Approval requested', body }));
}
