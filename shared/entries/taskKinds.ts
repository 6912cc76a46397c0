import { z } from 'zod';
import { own, type Assignee, type TaskStatus, type WorkspaceState } from '../state/state';
import { defineKind, quote } from './kindSpec';
import { EntryRef, EpochMs, LongText, MemberKey, ShortText, Slug } from './ids';
import { RESPONDERS } from './roles';

export const AssigneeSchema = z.union([z.strictObject({ member: MemberKey }), z.strictObject({ team: Slug })]);
export const TaskStatusSchema = z.enum(['open', 'in_progress', 'blocked', 'done', 'cancelled']);

const TERMINAL: readonly TaskStatus[] = ['done', 'cancelled'];

/** Transition rule: finished tasks may only be reopened. */
export function taskTransitionError(from: TaskStatus, to: TaskStatus): string | null {
  if (from === to) return `task is already ${to}`;
  if (TERMINAL.includes(from) && to !== 'open') return `task is ${from}; reopen it before moving it to ${to}`;
  return null;
}

function checkAssignee(state: WorkspaceState, assignee: Assignee | null): string | void {
  if (assignee === null) return;
  if ('member' in assignee) {
    const m = own(state.members, assignee.member);
    if (m === undefined || !m.active) return 'assignee is not an active member';
  } else if (own(state.teams, assignee.team) === undefined) {
    return `unknown team ${assignee.team}`;
  }
}

export const taskCreate = defineKind({
  kind: 'task.create',
  body: z.strictObject({
    incident: EntryRef,
    title: ShortText,
    description: LongText.default(''),
    assignee: AssigneeSchema.nullable().default(null),
    due: EpochMs.nullable().default(null),
  }),
  roles: RESPONDERS,
  describe: (b, ctx) => {
    const to = b.assignee === null ? '' : 'team' in b.assignee ? ` for team ${b.assignee.team}` : ` for ${ctx.who(b.assignee.member)}`;
    return `created task ${quote(b.title)}${to}`;
  },
  report: 'decision',
  apply(state, body, ctx) {
    const incident = own(state.incidents, body.incident);
    if (incident === undefined) return 'unknown incident';
    if (incident.status === 'resolved') return 'incident is resolved';
    const bad = checkAssignee(state, body.assignee);
    if (bad) return bad;
    state.tasks[ctx.id] = {
      id: ctx.id,
      incident: body.incident,
      title: body.title,
      description: body.description,
      assignee: body.assignee,
      status: 'open',
      due: body.due,
      createdAt: ctx.at,
      createdBy: ctx.author,
      updatedAt: ctx.at,
    };
  },
});

export const taskAssign = defineKind({
  kind: 'task.assign',
  body: z.strictObject({ task: EntryRef, assignee: AssigneeSchema.nullable() }),
  roles: RESPONDERS,
  describe: (b, ctx) => `reassigned task ${quote(ctx.task(b.task))}`,
  apply(state, body, ctx) {
    const task = own(state.tasks, body.task);
    if (task === undefined) return 'unknown task';
    const bad = checkAssignee(state, body.assignee);
    if (bad) return bad;
    task.assignee = body.assignee;
    task.updatedAt = ctx.at;
  },
});

export const taskStatus = defineKind({
  kind: 'task.status',
  body: z.strictObject({ task: EntryRef, status: TaskStatusSchema }),
  roles: RESPONDERS,
  describe: (b, ctx) => `moved task ${quote(ctx.task(b.task))} to ${b.status}`,
  apply(state, body, ctx) {
    const task = own(state.tasks, body.task);
    if (task === undefined) return 'unknown task';
    const bad = taskTransitionError(task.status, body.status);
    if (bad) return bad;
    task.status = body.status;
    task.updatedAt = ctx.at;
  },
});

export const taskDue = defineKind({
  kind: 'task.due',
  body: z.strictObject({ task: EntryRef, due: EpochMs.nullable() }),
  roles: RESPONDERS,
  describe: (b, ctx) => `changed the due time of task ${quote(ctx.task(b.task))}`,
  apply(state, body, ctx) {
    const task = own(state.tasks, body.task);
    if (task === undefined) return 'unknown task';
    task.due = body.due;
    task.updatedAt = ctx.at;
  },
});
