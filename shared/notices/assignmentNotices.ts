import { z } from 'zod';
import type { StateChangedEvent } from '../api/contract';

// When to tell the person at this device, with a desktop notification, that
// work was handed to them: a task created for them or (re)assigned to them
// by someone else. A pure decision over the entries a state change added;
// the desktop app (main/app) and the browser console (renderer/approvals) show
// what it returns.

export interface Notice {
  title: string;
  body: string;
}

/** More assignments than this in one change (a sync after being offline) become one summary notice. */
export const MAX_SEPARATE_NOTICES = 3;

const Assigned = z.object({ assignee: z.object({ member: z.string() }).nullable().optional() });
const TaskCreateBody = Assigned.extend({ title: z.string() });
const TaskAssignBody = Assigned.extend({ task: z.string() });

/**
 * Notices for the tasks the `added` entries assign to `me`. Skipped: entries
 * the fold rejected, redacted bodies, team assignments, and assignments `me`
 * made (nobody needs telling what they just did). `taskTitle` looks up a
 * task's title for a task.assign, whose body names only the task.
 */
export function assignmentNotices(added: StateChangedEvent['added'], me: string, taskTitle: (taskId: string) => string | undefined): Notice[] {
  const titles: string[] = [];
  for (const entry of added) {
    if (entry.rejected !== null || entry.body === null || entry.header.author === me) continue;
    if (entry.header.kind === 'task.create') {
      const body = TaskCreateBody.safeParse(entry.body);
      if (body.success && body.data.assignee?.member === me) titles.push(body.data.title);
    } else if (entry.header.kind === 'task.assign') {
      const body = TaskAssignBody.safeParse(entry.body);
      if (body.success && body.data.assignee?.member === me) titles.push(taskTitle(body.data.task) ?? 'a task');
    }
  }
  if (titles.length > MAX_SEPARATE_NOTICES) {
    return [{ title: `${titles.length} tasks assigned to you`, body: titles.slice(0, MAX_SEPARATE_NOTICES).join('\n') + '\n…' }];
  }
  return titles.map((title) => ({ title: 'Task assigned to you', body: title }));
}
