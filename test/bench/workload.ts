import type { Entry } from '../../shared/journal';
import type { EntryDraft } from '../../shared/entries';
import type { TaskStatus, WorkspaceState } from '../../shared/state';
import { seededRandom as prng } from '../support/seededRandom';

// A realistic stream of incident traffic against the demo workspace, every
// entry valid under the fold (so a refold of the generated journal rejects
// nothing): notes of ~200 bytes, service status changes, task creation and
// task status transitions (open -> in_progress -> done -> open ...).

/** Share of each kind, in percent. */
export const MIX = { 'note.add': 35, 'service.status': 35, 'task.create': 15, 'task.status': 15 } as const;

const NOTE_FRAGMENTS = [
  'Error rate on /authorise is back under 2% after the failover to the secondary acquirer.',
  'p99 latency at the EU edge dropped from 31 s to 1.2 s; keeping an eye on the retry queue.',
  'Customer support reports a spike in duplicate charge complaints; checking idempotency keys.',
  'Rolled back the TLS bundle on psp-adapter pods in eu-west-1; canary looks healthy.',
  'Acquirer confirms their certificate rotation is complete on the primary endpoint.',
  'Order placement failures are now limited to saved-card payments; guest checkout is fine.',
  'Paging the data team: the fraud scoring job is lagging 14 minutes behind real time.',
  'Status page updated with the current customer impact and the next update time.',
  'Holding the promotion email send until the error budget burn rate is below 2x.',
  'Dashboards show recovery in DE and FR; NL still at 6% authorisation timeouts.',
];
const REASONS = [
  'Error rate above SLO on the main endpoint',
  'Latency p99 over 5 s for ten minutes',
  'Synthetic checks failing from two regions',
  'Recovered after the rollback',
  'Dependency degraded upstream',
  'Manual check after the config change',
];
const TASK_TITLES = [
  'Check retry queue depth on',
  'Confirm failover routing for',
  'Review error budget burn for',
  'Roll back last deploy of',
  'Add a synthetic probe for',
  'Page the owning team of',
];
const STATUSES = ['healthy', 'degraded', 'down', 'unknown'] as const;
const NEXT_TASK_STATUS: Record<TaskStatus, TaskStatus> = {
  open: 'in_progress',
  in_progress: 'done',
  blocked: 'in_progress',
  done: 'open',
  cancelled: 'open',
};

/** What a workload needs to know about the workspace it writes to (plain JSON, so it can cross a process boundary). */
export interface WorkloadContext {
  incident: string;
  services: string[];
  teams: string[];
  /** Existing tasks this writer may move; a second writer gets [] so two chains never race on one task. */
  tasks: { id: string; status: TaskStatus }[];
}

export function workloadContext(state: Readonly<WorkspaceState>, opts: { withTasks: boolean } = { withTasks: true }): WorkloadContext {
  const open = Object.values(state.incidents).filter((i) => i.status !== 'resolved');
  if (open[0] === undefined) throw new Error('workload needs an open incident (load the demo first)');
  const services = Object.values(state.services)
    .filter((s) => !s.retired)
    .map((s) => s.id)
    .sort();
  const teams = Object.keys(state.teams).sort();
  if (services.length === 0 || teams.length === 0) throw new Error('workload needs services and teams');
  const tasks = opts.withTasks ? Object.values(state.tasks).map((t) => ({ id: t.id, status: t.status })) : [];
  return { incident: open[0].id, services, teams, tasks };
}

export class Workload {
  private readonly random: () => number;
  private readonly incident: string;
  private readonly services: string[];
  private readonly teams: string[];
  private readonly tasks: { id: string; status: TaskStatus }[];
  private n = 0;

  constructor(from: Readonly<WorkspaceState> | WorkloadContext, seed = 1) {
    const ctx = 'incident' in from && typeof from.incident === 'string' ? (from as WorkloadContext) : workloadContext(from as WorkspaceState);
    this.random = prng(seed);
    this.incident = ctx.incident;
    this.services = [...ctx.services];
    this.teams = [...ctx.teams];
    this.tasks = ctx.tasks.map((t) => ({ ...t }));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private noteText(): string {
    let text = `[${this.n}] `;
    while (text.length < 190) text += `${this.pick(NOTE_FRAGMENTS)} `;
    return text.slice(0, 200).trimEnd();
  }

  /** The next `size` drafts. Task status changes refer to tasks created in earlier batches. */
  batch(size: number): EntryDraft[] {
    const out: EntryDraft[] = [];
    for (let i = 0; i < size; i++) {
      this.n += 1;
      const r = this.random() * 100;
      if (r < MIX['note.add']) {
        out.push({ kind: 'note.add', body: { text: this.noteText(), incident: this.incident, service: this.pick(this.services) } });
      } else if (r < MIX['note.add'] + MIX['service.status']) {
        out.push({
          kind: 'service.status',
          body: { service: this.pick(this.services), status: this.pick(STATUSES), reason: this.pick(REASONS), incident: this.incident },
        });
      } else if (r < MIX['note.add'] + MIX['service.status'] + MIX['task.create'] || this.tasks.length === 0) {
        const service = this.pick(this.services);
        out.push({
          kind: 'task.create',
          body: { incident: this.incident, title: `${this.pick(TASK_TITLES)} ${service} (#${this.n})`, assignee: { team: this.pick(this.teams) } },
        });
      } else {
        const task = this.pick(this.tasks);
        task.status = NEXT_TASK_STATUS[task.status];
        out.push({ kind: 'task.status', body: { task: task.id, status: task.status } });
      }
    }
    return out;
  }

  /** Learn the ids of the tasks a stored batch created. */
  stored(entries: readonly Entry[]): void {
    for (const e of entries) if (e.header.kind === 'task.create') this.tasks.push({ id: e.id, status: 'open' });
  }
}
