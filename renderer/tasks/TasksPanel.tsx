import { useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Task, TaskStatus, WorkspaceState } from '../../shared/state';
import { useApi } from '../src/api';
import { appendEntry, currentIncident, useWorkspaceStore } from '../workspace';
import { useFocusRequest, useShellStore } from '../shell';
import { assigneeName, decodeAssignee, encodeAssignee, isMine } from './assignee';
import { useTasksStore } from './store';

const TASK_STATUSES: readonly TaskStatus[] = ['open', 'in_progress', 'blocked', 'done', 'cancelled'];

function AssigneeOptions({ state }: { state: WorkspaceState }) {
  const teams = Object.values(state.teams).sort((a, b) => a.name.localeCompare(b.name));
  const members = Object.values(state.members)
    .filter((m) => m.active)
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <option value="">Unassigned</option>
      <optgroup label="Teams">
        {teams.map((t) => (
          <option key={t.id} value={`team:${t.id}`}>
            Team {t.name}
          </option>
        ))}
      </optgroup>
      <optgroup label="People">
        {members.map((m) => (
          <option key={m.key} value={`member:${m.key}`}>
            {m.name}
          </option>
        ))}
      </optgroup>
    </>
  );
}

function CreateTaskForm({ state, incident }: { state: WorkspaceState; incident: string }) {
  const client = useApi();
  const [title, setTitle] = useState('');
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const titleRef = useFocusRequest<HTMLInputElement>('new-task');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() === '') return;
    setBusy(true);
    const dueMs = due === '' ? null : new Date(due).getTime();
    const id = await appendEntry(client, 'task.create', {
      incident,
      title: title.trim(),
      assignee: decodeAssignee(assignee),
      due: dueMs !== null && Number.isFinite(dueMs) ? dueMs : null,
    });
    setBusy(false);
    if (id !== null) {
      setTitle('');
      setDue('');
    }
  };

  return (
    <form className="stack-form" onSubmit={(e) => void submit(e)} aria-label="Create a task">
      <input ref={titleRef} aria-label="Task title" placeholder="New task (N)" value={title} onChange={(e) => setTitle(e.target.value)} required />
      <div className="button-row">
        <select aria-label="Assign new task to" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <AssigneeOptions state={state} />
        </select>
        <input aria-label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
        <button type="submit" disabled={busy}>
          Create task
        </button>
      </div>
    </form>
  );
}

function TaskRow({ state, task }: { state: WorkspaceState; task: Task }) {
  const client = useApi();
  return (
    <li className={`task-row task-${task.status}`} data-testid="task-row" data-status={task.status}>
      <div className="task-title">{task.title}</div>
      <div className="button-row">
        <select
          aria-label={`Status of ${task.title}`}
          value={task.status}
          onChange={(e) => void appendEntry(client, 'task.status', { task: task.id, status: e.target.value })}
        >
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </select>
        <select
          aria-label={`Assignee of ${task.title}`}
          value={encodeAssignee(task.assignee)}
          onChange={(e) => void appendEntry(client, 'task.assign', { task: task.id, assignee: decodeAssignee(e.target.value) })}
        >
          <AssigneeOptions state={state} />
        </select>
        <span className="muted">{assigneeName(state, task.assignee)}</span>
        {task.due !== null && <span className="muted">due {new Date(task.due).toLocaleTimeString()}</span>}
      </div>
    </li>
  );
}

export function TasksPanel() {
  const { state, me } = useWorkspaceStore(useShallow((s) => ({ state: s.state, me: s.session?.me ?? null })));
  const picked = useShellStore((s) => s.incident);
  const mineOnly = useTasksStore((s) => s.mineOnly);
  const incident = currentIncident(state, picked);
  const tasks = useMemo(() => {
    if (state === null || incident === null) return [];
    return Object.values(state.tasks)
      .filter((t) => t.incident === incident.id && (!mineOnly || isMine(state, t, me)))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }, [state, incident, mineOnly, me]);

  if (state === null) return null;
  if (incident === null) return <p className="panel-body muted">Open an incident to track tasks.</p>;
  return (
    <div className="panel-body">
      <h2>Tasks · {incident.title}</h2>
      {incident.status !== 'resolved' && <CreateTaskForm state={state} incident={incident.id} />}
      <label className="filter">
        <input type="checkbox" checked={mineOnly} onChange={(e) => useTasksStore.getState().setMineOnly(e.target.checked)} /> Assigned to me (M)
      </label>
      {tasks.length === 0 ? (
        <p className="muted">{mineOnly ? 'Nothing assigned to you.' : 'No tasks yet.'}</p>
      ) : (
        <ul className="task-list" aria-label="Tasks">
          {tasks.map((t) => (
            <TaskRow key={t.id} state={state} task={t} />
          ))}
        </ul>
      )}
    </div>
  );
}
