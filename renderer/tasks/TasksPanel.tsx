import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Task, TaskStatus, WorkspaceState } from '../../shared/state';
import { useApi } from '../api';
import { appendEntry, currentIncident, useWorkspaceStore } from '../workspace';
import { useFocusRequest, useNow, useShellStore } from '../shell';
import { decodeAssignee, encodeAssignee, isMine } from './assignee';
import { dueLabel } from './overdue';
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

function CreateTaskForm({ state, incident, me }: { state: WorkspaceState; incident: string; me: string | null }) {
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
    const owner = decodeAssignee(assignee);
    const id = await appendEntry(client, 'task.create', {
      incident,
      title: title.trim(),
      assignee: owner,
      due: dueMs !== null && Number.isFinite(dueMs) ? dueMs : null,
    });
    setBusy(false);
    if (id !== null) {
      setTitle('');
      setDue('');
      // The new task must be seen: its row scrolls into view, and the "mine" filter goes if it would hide it.
      const tasks = useTasksStore.getState();
      if (tasks.mineOnly && !isMine(state, { assignee: owner }, me)) tasks.setMineOnly(false);
      tasks.setCreated(id);
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

function DueLabel({ task, now }: { task: Task; now: number }) {
  const label = dueLabel(task, now);
  if (task.due === null) return null;
  const at = new Date(task.due).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (label === null) return <span className="muted">due {at}</span>;
  return (
    <span
      className={label.overdue ? 'task-due overdue' : 'task-due'}
      data-testid="task-due"
      data-overdue={label.overdue ? 'true' : 'false'}
      title={`Due at ${at}`}
    >
      {label.overdue ? '⚠ ' : ''}
      {label.text}
    </span>
  );
}

function TaskRow({ state, task, now, isNew }: { state: WorkspaceState; task: Task; now: number; isNew: boolean }) {
  const client = useApi();
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // jsdom has no scrollIntoView; a browser always does.
    if (isNew && ref.current !== null && 'scrollIntoView' in ref.current) ref.current.scrollIntoView({ block: 'nearest' });
  }, [isNew]);
  const overdue = dueLabel(task, now)?.overdue === true;
  const classes = ['task-row', `task-${task.status}`, overdue ? 'task-overdue' : '', isNew ? 'task-new' : ''].filter(Boolean).join(' ');
  return (
    <li ref={ref} className={classes} data-testid="task-row" data-status={task.status} data-task={task.id} aria-current={isNew ? 'true' : undefined}>
      <div className="task-head">
        <span className="task-title">{task.title}</span>
        <DueLabel task={task} now={now} />
      </div>
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
      </div>
    </li>
  );
}

export function TasksPanel() {
  const { state, me } = useWorkspaceStore(useShallow((s) => ({ state: s.state, me: s.session?.me ?? null })));
  const picked = useShellStore((s) => s.incident);
  const { mineOnly, created } = useTasksStore(useShallow((s) => ({ mineOnly: s.mineOnly, created: s.created })));
  // Overdue labels count minutes; a 15 s tick keeps them current without re-rendering every second.
  const now = useNow(15_000);
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
      {incident.status !== 'resolved' && <CreateTaskForm state={state} incident={incident.id} me={me} />}
      <label className="filter">
        <input type="checkbox" checked={mineOnly} onChange={(e) => useTasksStore.getState().setMineOnly(e.target.checked)} /> Assigned to me (M)
      </label>
      {tasks.length === 0 ? (
        <p className="muted">{mineOnly ? 'Nothing assigned to you.' : 'No tasks yet.'}</p>
      ) : (
        <ul className="task-list" aria-label="Tasks">
          {tasks.map((t) => (
            <TaskRow key={t.id} state={state} task={t} now={now} isNew={t.id === created} />
          ))}
        </ul>
      )}
    </div>
  );
}
