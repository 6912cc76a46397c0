import type { Assignee, Task, WorkspaceState } from '../../shared/state';

// An assignee as the value of a <select>: "", "team:<id>" or "member:<key>".

export function encodeAssignee(a: Assignee | null): string {
  if (a === null) return '';
  return 'member' in a ? `member:${a.member}` : `team:${a.team}`;
}

export function decodeAssignee(value: string): Assignee | null {
  if (value.startsWith('member:')) return { member: value.slice(7) };
  if (value.startsWith('team:')) return { team: value.slice(5) };
  return null;
}

export function assigneeName(state: WorkspaceState, a: Assignee | null): string {
  if (a === null) return 'Unassigned';
  if ('member' in a) return state.members[a.member]?.name ?? `${a.member.slice(0, 8)}…`;
  return `Team ${state.teams[a.team]?.name ?? a.team}`;
}

/** Assigned to me directly, or to a team I am in. */
export function isMine(state: WorkspaceState, task: Pick<Task, 'assignee'>, me: string | null): boolean {
  if (me === null || task.assignee === null) return false;
  if ('member' in task.assignee) return task.assignee.member === me;
  return Object.hasOwn(state.members, me) && (state.members[me]?.teams.includes(task.assignee.team) ?? false);
}
