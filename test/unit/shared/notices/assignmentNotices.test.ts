import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../../shared/api';
import { assignmentNotices, MAX_SEPARATE_NOTICES } from '../../../../shared/notices';

const ME = 'me-key';
const OTHER = 'commander-key';

let n = 0;
function entry(kind: string, body: unknown, opts: { author?: string; rejected?: boolean } = {}): TimelineEntry {
  n += 1;
  return {
    id: `e${n}`,
    header: { v: 1, ws: 'ws', author: opts.author ?? OTHER, seq: n, prev: n === 1 ? null : 'h', hlc: { wall: n, count: 0 }, kind, bodyHash: 'b' },
    body,
    redactedBy: null,
    rejected: opts.rejected ? { category: 'invalid', reason: 'no' } : null,
  } as TimelineEntry;
}

const titles: Record<string, string> = { t1: 'Roll back payments-api' };
const lookup = (id: string) => titles[id];

describe('desktop notification decision', () => {
  it('notifies when someone else creates a task for me or assigns one to me', () => {
    expect(assignmentNotices([entry('task.create', { incident: 'i', title: 'Page the PSP', assignee: { member: ME } })], ME, lookup)).toEqual([
      { title: 'Task assigned to you', body: 'Page the PSP' },
    ]);
    expect(assignmentNotices([entry('task.assign', { task: 't1', assignee: { member: ME } })], ME, lookup)).toEqual([
      { title: 'Task assigned to you', body: 'Roll back payments-api' },
    ]);
    expect(assignmentNotices([entry('task.assign', { task: 'unknown', assignee: { member: ME } })], ME, lookup)).toEqual([
      { title: 'Task assigned to you', body: 'a task' },
    ]);
  });

  it('stays quiet for everything else', () => {
    const quiet = [
      entry('task.create', { incident: 'i', title: 'Mine, by me', assignee: { member: ME } }, { author: ME }),
      entry('task.assign', { task: 't1', assignee: { member: ME } }, { author: ME }),
      entry('task.create', { incident: 'i', title: 'Someone else', assignee: { member: 'bob' } }),
      entry('task.create', { incident: 'i', title: 'My team', assignee: { team: 'payments' } }),
      entry('task.create', { incident: 'i', title: 'Nobody', assignee: null }),
      entry('task.create', { incident: 'i', title: 'Unassigned' }),
      entry('task.assign', { task: 't1', assignee: null }),
      entry('task.create', { incident: 'i', title: 'Refused', assignee: { member: ME } }, { rejected: true }),
      entry('task.create', null), // redacted
      entry('task.status', { task: 't1', status: 'done', assignee: { member: ME } }),
      entry('note.add', { text: 'assignee: me', assignee: { member: ME } }),
      entry('task.create', { nonsense: true, assignee: { member: ME } }),
    ];
    expect(assignmentNotices(quiet, ME, lookup)).toEqual([]);
  });

  it('sums up a burst (catching up after being offline) in one notice', () => {
    const burst = Array.from({ length: MAX_SEPARATE_NOTICES + 2 }, (_, i) =>
      entry('task.create', { incident: 'i', title: `Task ${i}`, assignee: { member: ME } }),
    );
    const notices = assignmentNotices(burst, ME, lookup);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe(`${MAX_SEPARATE_NOTICES + 2} tasks assigned to you`);
    expect(notices[0]!.body).toContain('Task 0');
    const few = assignmentNotices(burst.slice(0, MAX_SEPARATE_NOTICES), ME, lookup);
    expect(few).toHaveLength(MAX_SEPARATE_NOTICES);
  });
});
