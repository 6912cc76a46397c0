// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, INCIDENT, ME } from '../fixtures';
import { useCleanConsole } from '../domMocks';

function withTasks() {
  const state = demoState();
  const task = (id: string, title: string, assignee: { member: string } | { team: string } | null) => {
    state.tasks[id] = { id, incident: INCIDENT, title, description: '', assignee, status: 'open', due: null, createdAt: 1, createdBy: ME, updatedAt: 1 };
  };
  task('1'.repeat(64), 'Page the DBA', { member: BOB });
  task('2'.repeat(64), 'Roll back checkout', { member: ME });
  task('3'.repeat(64), 'Check payment provider', { team: 'payments' });
  return state;
}

describe('tasks panel', () => {
  useCleanConsole();

  it('creating a task journals task.create with the incident, title and assignee', async () => {
    const api = new FakeApi(demoState());
    render(<App client={api} />);
    const title = await screen.findByLabelText('Task title');
    fireEvent.change(title, { target: { value: 'Restart the payments API' } });
    fireEvent.change(screen.getByLabelText('Assign new task to'), { target: { value: 'team:platform' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    await waitFor(() =>
      expect(api.appends()).toEqual([
        { kind: 'task.create', body: { incident: INCIDENT, title: 'Restart the payments API', assignee: { team: 'platform' }, due: null } },
      ]),
    );
    const row = await screen.findByTestId('task-row');
    expect(row.textContent).toContain('Restart the payments API');
    expect(row.textContent).toContain('Team Platform');
  });

  it('"assigned to me" shows my tasks and my team\'s, and status changes are journaled', async () => {
    const api = new FakeApi(withTasks());
    render(<App client={api} />);
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(3));
    fireEvent.click(screen.getByLabelText(/Assigned to me/));
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
    expect(screen.queryByText('Page the DBA')).toBeNull();

    fireEvent.change(screen.getByLabelText('Status of Roll back checkout'), { target: { value: 'in_progress' } });
    await waitFor(() => expect(api.appends()).toEqual([{ kind: 'task.status', body: { task: '2'.repeat(64), status: 'in_progress' } }]));
    await waitFor(() => expect(screen.getAllByTestId('task-row').some((r) => r.getAttribute('data-status') === 'in_progress')).toBe(true));
  });

  it('shows a task past its due time as overdue, by the injected clock, and a closed one not', async () => {
    const now = 1_750_000_000_000;
    const state = withTasks();
    const due = (id: string, at: number, status: 'open' | 'done') => {
      const t = state.tasks[id.repeat(64)];
      if (t !== undefined) Object.assign(t, { due: at, status });
    };
    due('1', now - 12 * 60_000 - 5_000, 'open');
    due('2', now + 8 * 60_000, 'open');
    due('3', now - 60 * 60_000, 'done');
    render(<App client={new FakeApi(state)} clock={{ now: () => now }} />);
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(3));
    const row = (title: string) => screen.getAllByTestId('task-row').find((r) => r.textContent?.includes(title));
    expect(row('Page the DBA')?.className).toContain('task-overdue');
    expect(row('Page the DBA')?.querySelector('[data-testid="task-due"]')?.textContent).toBe('⚠ Overdue by 12 min');
    expect(row('Roll back checkout')?.querySelector('[data-testid="task-due"]')?.textContent).toBe('Due in 8 min');
    expect(row('Check payment provider')?.className).not.toContain('task-overdue');
    expect(row('Check payment provider')?.querySelector('[data-testid="task-due"]')).toBeNull();
  });

  it('marks the task this console just created, and drops the "mine" filter that would hide it', async () => {
    const api = new FakeApi(withTasks());
    render(<App client={api} />);
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(3));
    fireEvent.click(screen.getByLabelText(/Assigned to me/));
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Task title'), { target: { value: 'Call the acquirer' } });
    fireEvent.change(screen.getByLabelText('Assign new task to'), { target: { value: 'team:platform' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    const created = await waitFor(() => {
      const r = screen.getAllByTestId('task-row').find((el) => el.textContent?.includes('Call the acquirer'));
      expect(r).toBeDefined();
      return r;
    });
    expect(created?.getAttribute('aria-current')).toBe('true');
    expect(screen.getByLabelText<HTMLInputElement>(/Assigned to me/).checked).toBe(false);
  });
});
