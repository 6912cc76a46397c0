import type { JsonValue } from '../canonical';
import type { BodyInput } from '../entries';
import { own, type WorkspaceState } from '../state/state';
import type { Phase, PlaybookDocument, PlaybookStep } from './playbookSchema';
import { stepKey, type PlaybookRun, type RunStep } from './playbookState';
import { fill, fillJson, TemplateError } from './template';

// The run logic, pure: given the version's document, the run as journaled,
// the workspace state and the time, what is the one next thing to do? The
// driver (main/playbook) journals it and asks again, so a crash anywhere
// resumes from the journal. Order: the steps, then the success checks; if
// any of those fails, the rollback steps, then the escalation steps.

/** An action.request body as a step makes it: the executor and preview are the requester's device's to set. */
export type ActionDraft = Omit<BodyInput<'action.request'>, 'executor' | 'preview'> & { incident: string | null; params: Record<string, JsonValue> };

export interface TaskDraft {
  incident: string;
  title: string;
  description: string;
  assignee: { team: string } | null;
}

export type StepMove = 'started' | 'waiting' | 'done' | 'failed';

export type Move =
  /** Journal a step status; `task`/`action` first file what the step asks for (its entry id is the step's ref). */
  | { type: 'step'; phase: Phase; step: string; status: StepMove; ref: string | null; note: string; task?: TaskDraft; action?: ActionDraft }
  | { type: 'finish'; outcome: 'succeeded' | 'failed'; outputs: Record<string, string>; note: string }
  /** Nothing to do until something happens (an approval, an action's result) or `until`. */
  | { type: 'idle'; reason: string; until: number | null };

type Walk = { move: Move } | { failed: string | null; config?: boolean };

/**
 * A step failure caused by the playbook or the workspace (a team or service
 * that is not there, parameters a connector refuses, a missing incident), as
 * opposed to an operational failure (the target answered with an error, a
 * check did not hold). Its note starts with this, and such a failure ends the
 * run without rollback or escalation: paging someone cannot fix a typo.
 */
export const CONFIG_ERROR = 'configuration error: ';
export const isConfigError = (note: string): boolean => note.startsWith(CONFIG_ERROR);
/** What the dispatcher journals for an action it refused before sending (main/dispatch attempt.ts failUnsent). */
const NOT_SENT = 'not sent: ';

/** The values a run's placeholders are filled from: its inputs and the built-ins. */
export function varsOf(run: PlaybookRun): Record<string, string> {
  return { ...run.inputs, service: run.service ?? '', incident: run.incident ?? '', run: run.id };
}

function actionDraft(step: PlaybookStep, run: PlaybookRun, vars: Record<string, string>): ActionDraft | null {
  const a = step.action;
  if (a === undefined) return null;
  const params = fillJson(a.params, vars);
  return {
    connector: a.connector,
    operation: a.operation,
    environment: fill(a.environment, vars),
    risk: a.risk,
    target: fill(a.target, vars),
    summary: fill(a.summary, vars),
    incident: run.incident,
    params: params !== null && typeof params === 'object' && !Array.isArray(params) ? params : {},
  };
}

function taskDraft(step: PlaybookStep, run: PlaybookRun, vars: Record<string, string>): TaskDraft | string {
  const t = step.task;
  if (t === undefined) return 'not a task step';
  if (run.incident === null) return `${CONFIG_ERROR}a task step needs an incident; start the run with one`;
  return {
    incident: run.incident,
    title: fill(t.title, vars),
    description: fill(t.description, vars),
    assignee: t.team === undefined ? null : { team: fill(t.team, vars) },
  };
}

/** The entry a step filed before a crash kept it from recording the ref (matched by author, time and text). */
function filedEarlier(state: Readonly<WorkspaceState>, run: PlaybookRun, rs: RunStep, step: PlaybookStep, vars: Record<string, string>): string | null {
  if (step.action !== undefined) {
    const d = actionDraft(step, run, vars);
    const hit = Object.values(state.actions ?? {}).find(
      (a) => a.requester === run.startedBy && a.requestedAt >= rs.startedAt && a.summary === d?.summary && a.target === d.target,
    );
    return hit?.id ?? null;
  }
  const d = taskDraft(step, run, vars);
  if (typeof d === 'string') return null;
  const hit = Object.values(state.tasks).find(
    (t) => t.createdBy === run.startedBy && t.createdAt >= rs.startedAt && t.title === d.title && t.incident === d.incident,
  );
  return hit?.id ?? null;
}

function start(phase: Phase, step: PlaybookStep, run: PlaybookRun, vars: Record<string, string>): Move {
  const base = { type: 'step' as const, phase, step: step.id, ref: null, note: '' };
  if (step.task !== undefined) {
    const task = taskDraft(step, run, vars);
    return typeof task === 'string' ? { ...base, status: 'failed', note: task } : { ...base, status: 'started', task };
  }
  if (step.action !== undefined) return { ...base, status: 'started', action: actionDraft(step, run, vars) ?? undefined };
  return { ...base, status: 'waiting', note: step.approval !== undefined ? `waiting for approval: ${fill(step.approval.description, vars)}` : '' };
}

/** Where a started step stands now. */
function progress(
  phase: Phase,
  step: PlaybookStep,
  rs: RunStep,
  run: PlaybookRun,
  state: Readonly<WorkspaceState>,
  now: number,
  vars: Record<string, string>,
): Move {
  const base = { type: 'step' as const, phase, step: step.id, ref: rs.ref };
  if (step.task !== undefined || step.action !== undefined) {
    if (rs.ref === null) {
      const found = filedEarlier(state, run, rs, step, vars);
      if (found === null) return start(phase, step, run, vars);
      return { ...base, ref: found, status: step.action !== undefined || step.task?.await ? 'waiting' : 'done', note: 'recovered after a restart' };
    }
  }
  if (step.task !== undefined) {
    const task = own(state.tasks, rs.ref ?? '');
    if (!step.task.await || task?.status === 'done') return { ...base, status: 'done', note: '' };
    if (task?.status === 'cancelled') return { ...base, status: 'failed', note: 'the task was cancelled' };
    return { type: 'idle', reason: `waiting for task "${task?.title ?? rs.ref}" to be done`, until: null };
  }
  if (step.action !== undefined) {
    const action = state.actions === undefined ? undefined : own(state.actions, rs.ref ?? '');
    if (action === undefined) return { ...base, status: 'failed', note: 'the action request was not accepted' };
    if (action.status === 'succeeded') return { ...base, status: 'done', note: action.result?.message ?? '' };
    if (action.status === 'failed' && action.result?.message.startsWith(NOT_SENT)) {
      return { ...base, status: 'failed', note: `${CONFIG_ERROR}action ${action.connector} ${action.operation} ${action.result.message}` };
    }
    if (action.status === 'failed' || action.status === 'rejected' || action.status === 'unknown') {
      return { ...base, status: 'failed', note: `action ${action.status}${action.result?.message ? `: ${action.result.message}` : ''}` };
    }
    return { type: 'idle', reason: `waiting for action ${action.id.slice(0, 8)} (${action.status})`, until: null };
  }
  if (step.approval !== undefined) {
    if (rs.status === 'approved') return { ...base, status: 'done', note: '' };
    return { type: 'idle', reason: `waiting for approval (${step.approval.roles.join(' or ')}): ${fill(step.approval.description, vars)}`, until: null };
  }
  if (step.wait !== undefined) {
    const until = rs.startedAt + step.wait;
    return now >= until ? { ...base, status: 'done', note: '' } : { type: 'idle', reason: `waiting until ${new Date(until).toISOString()}`, until };
  }
  const check = step.check;
  if (check === undefined) return { ...base, status: 'failed', note: 'step has no type' };
  const service = fill(check.service, vars);
  const status = own(state.services, service)?.status ?? 'unknown';
  if (status === check.status) return { ...base, status: 'done', note: `${service} is ${status}` };
  const deadline = rs.startedAt + (check.within ?? 0);
  if (now >= deadline) return { ...base, status: 'failed', note: `${service} is ${status}, expected ${check.status}` };
  return { type: 'idle', reason: `waiting for ${service} to be ${check.status} (now ${status})`, until: Math.min(deadline, now + 5_000) };
}

function walk(phase: Phase, doc: PlaybookDocument, run: PlaybookRun, state: Readonly<WorkspaceState>, now: number, vars: Record<string, string>): Walk {
  for (const step of doc[phase]) {
    const rs = own(run.steps, stepKey(phase, step.id));
    if (rs === undefined) return { move: start(phase, step, run, vars) };
    if (rs.status === 'done' || rs.status === 'skipped') continue;
    if (rs.status === 'failed') {
      // A failed rollback step ends the rollback; escalation goes on regardless.
      if (phase === 'escalation') continue;
      return { failed: `${phase} step ${step.id} failed${rs.note ? `: ${rs.note}` : ''}`, config: isConfigError(rs.note) };
    }
    return { move: progress(phase, step, rs, run, state, now, vars) };
  }
  return { failed: null };
}

/** The next thing to do for a run; `finish` once every phase that applies has run. */
export function nextMove(doc: PlaybookDocument, run: PlaybookRun, state: Readonly<WorkspaceState>, now: number): Move {
  const vars = varsOf(run);
  try {
    let failure: string | null = null;
    for (const phase of ['steps', 'success'] as const) {
      const w = walk(phase, doc, run, state, now, vars);
      if ('move' in w) return w.move;
      if (w.failed !== null) {
        if (w.config === true)
          return { type: 'finish', outcome: 'failed', outputs: {}, note: `${w.failed}; no rollback or escalation ran: fix the playbook or the workspace` };
        failure = w.failed;
        break;
      }
    }
    if (failure === null) {
      const outputs = Object.fromEntries(Object.entries(doc.outputs).map(([k, t]) => [k, fill(t, vars)]));
      return { type: 'finish', outcome: 'succeeded', outputs, note: 'every step done and every success check held' };
    }
    const notes = [failure];
    for (const phase of ['rollback', 'escalation'] as const) {
      const w = walk(phase, doc, run, state, now, vars);
      if ('move' in w) return w.move;
      if (w.failed !== null) notes.push(w.failed);
      else if (doc[phase].length > 0) notes.push(`${phase} ran`);
    }
    return { type: 'finish', outcome: 'failed', outputs: {}, note: notes.join('; ') };
  } catch (err) {
    // Placeholders are checked at publish; this only catches a run whose inputs were left out.
    if (err instanceof TemplateError) return { type: 'finish', outcome: 'failed', outputs: {}, note: err.message };
    throw err;
  }
}
