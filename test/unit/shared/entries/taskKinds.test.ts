import { describe, expect, it } from 'vitest';
import { taskTransitionError } from '../../../../shared/entries';
import { expectRejected, foldEach, withIncident } from './foldScene';

// Folding task.* entries (shared/entries/taskKinds.ts).

describe('tasks: invalid transitions are rejected with a reason', () => {
  it('tasks: done -> in_progress is refused; done -> open -> in_progress is fine', () => {
    const { b, base, open } = withIncident();
    const task = b.append('carol', 'task.create', { incident: open.id, title: 'Roll back deploy', assignee: { team: 'payments' } });
    const teamPut = b.append('bob', 'catalog.teamPut', { team: 'payments', name: 'Payments' });
    const task2 = b.append('carol', 'task.create', { incident: open.id, title: 'Roll back deploy', assignee: { team: 'payments' } });
    const done = b.append('carol', 'task.status', { task: task2.id, status: 'done' });
    const backToWork = b.append('carol', 'task.status', { task: task2.id, status: 'in_progress' });
    const doneAgain = b.append('carol', 'task.status', { task: task2.id, status: 'done' });
    const reopen = b.append('carol', 'task.status', { task: task2.id, status: 'open' });
    const work = b.append('carol', 'task.status', { task: task2.id, status: 'in_progress' });
    const { state } = foldEach([...base, task, teamPut, task2, done, backToWork, doneAgain, reopen, work]);
    expectRejected(state, task, 'invalid', 'unknown team payments');
    expectRejected(state, backToWork, 'invalid', 'task is done; reopen it before moving it to in_progress');
    expectRejected(state, doneAgain, 'invalid', 'task is already done');
    expect(state.tasks[task2.id]).toMatchObject({ status: 'in_progress', assignee: { team: 'payments' }, updatedAt: work.header.hlc.wall });
    expect(taskTransitionError('cancelled', 'blocked')).toBe('task is cancelled; reopen it before moving it to blocked');
    expect(taskTransitionError('blocked', 'done')).toBeNull();
  });

  it('tasks need a live incident and an active assignee', () => {
    const { b, base, open } = withIncident();
    const noIncident = b.append('carol', 'task.create', { incident: 'a'.repeat(64), title: 'x' });
    const toStranger = b.append('carol', 'task.create', { incident: open.id, title: 'x', assignee: { member: b.key('erin') } });
    const resolve = b.append('bob', 'incident.resolve', { incident: open.id });
    const afterResolve = b.append('carol', 'task.create', { incident: open.id, title: 'too late' });
    const unknownTask = b.append('carol', 'task.status', { task: 'b'.repeat(64), status: 'done' });
    const { state } = foldEach([...base, noIncident, toStranger, resolve, afterResolve, unknownTask]);
    expectRejected(state, noIncident, 'invalid', 'unknown incident');
    expectRejected(state, toStranger, 'invalid', 'assignee is not an active member');
    expectRejected(state, afterResolve, 'invalid', 'incident is resolved');
    expectRejected(state, unknownTask, 'invalid', 'unknown task');
    expect(state.tasks).toEqual({});
  });
});
