import type { Task } from '../../shared/state';

// Whether a task's due time has passed, worded for a commander. Pure: the
// caller passes the time from the injected clock (renderer/shell/clock.tsx).

const MINUTE = 60_000;

/** How long ago the task fell due, or null when it is not overdue (no due time, not yet due, done or cancelled). */
export function overdueBy(task: Pick<Task, 'due' | 'status'>, now: number): number | null {
  if (task.due === null || task.status === 'done' || task.status === 'cancelled') return null;
  const late = now - task.due;
  return late > 0 ? late : null;
}

/** "12 min", "1 h 05 min", "under 1 min": whole minutes, rounded down. */
export function formatMinutes(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The due label of a task: "Overdue by 12 min", "Due in 8 min", or null without a due time or once it is closed. */
export function dueLabel(task: Pick<Task, 'due' | 'status'>, now: number): { overdue: boolean; text: string } | null {
  if (task.due === null || task.status === 'done' || task.status === 'cancelled') return null;
  const late = overdueBy(task, now);
  if (late !== null) return { overdue: true, text: `Overdue by ${formatMinutes(late)}` };
  return { overdue: false, text: `Due in ${formatMinutes(task.due - now)}` };
}
