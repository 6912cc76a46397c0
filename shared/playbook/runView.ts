import type { RunStepView, RunSummary, RunView } from '../api/playbookMethods';
import { decideAction } from '../approvals/actionDecision';
import { formatDuration } from '../approvals/duration';
import type { ActionRecord } from '../approvals/actionState';
import { own, type WorkspaceState } from '../state/state';
import { PHASES, stepTypeOf, type Phase, type PlaybookStep } from './playbookSchema';
import { stepKey, type PlaybookRun, type PlaybookVersion, type RunStep } from './playbookState';
import { nextMove, varsOf } from './runner';
import { fill, TemplateError } from './template';

// A run as the console shows it, step by step: pure, from the state and the
// time, so the host's answer, the CLI and a test all read the same words.

/** A member key with the name the roster gives it. */
export const personOf = (state: Readonly<WorkspaceState>, key: string): { key: string; name: string } => ({
  key,
  name: own(state.members, key)?.name ?? `${key.slice(0, 8)}…`,
});

/** Fill a step's text; an old run missing an input shows the placeholder rather than failing the whole view. */
function filled(text: string, vars: Readonly<Record<string, string>>): string {
  try {
    return fill(text, vars);
  } catch (err) {
    if (err instanceof TemplateError) return text;
    throw err;
  }
}

/** One line saying what a step does, its placeholders filled. */
export function describeStep(step: PlaybookStep, vars: Readonly<Record<string, string>>): string {
  if (step.task !== undefined) {
    const team = step.task.team === undefined ? '' : ` for team ${filled(step.task.team, vars)}`;
    return `task "${filled(step.task.title, vars)}"${team}${step.task.await ? ', waits until it is done' : ''}`;
  }
  if (step.approval !== undefined) return `approval by ${step.approval.roles.join(' or ')}: ${filled(step.approval.description, vars)}`;
  if (step.action !== undefined) {
    const a = step.action;
    return `${a.connector} ${a.operation} on ${filled(a.target, vars)} (${filled(a.environment, vars)}, ${a.risk} risk): ${filled(a.summary, vars)}`;
  }
  if (step.check !== undefined) {
    const within = step.check.within === undefined ? '' : ` within ${formatDuration(step.check.within)}`;
    return `check ${filled(step.check.service, vars)} is ${step.check.status}${within}`;
  }
  return `wait ${formatDuration(step.wait ?? 0)}`;
}

/** Where a requested action stands, in the words an approver would use. */
function actionStatusText(state: Readonly<WorkspaceState>, action: ActionRecord, now: number): string {
  const message = action.result?.message ? `: ${action.result.message}` : '';
  switch (action.status) {
    case 'pending': {
      const decision = decideAction(state, action, now);
      if (decision === null) return 'waiting';
      if (decision.decision === 'allowed') return `approved${decision.override ? ' (break-glass override)' : ''}; waiting to be dispatched`;
      if (decision.decision === 'blocked') return `waiting for approval: ${decision.reasons.join('; ')}`;
      return `${decision.decision}: ${decision.reasons.join('; ')}`;
    }
    case 'dispatching':
      return 'dispatching';
    case 'retrying':
      return `retrying after attempt ${action.attempts.length}${message}`;
    case 'succeeded':
      return `succeeded${message}`;
    case 'failed':
      return `failed${message}`;
    case 'rejected':
      return 'rejected by an approver';
    case 'unknown':
      return `outcome unknown: check the target before trying again${message}`;
  }
}

function gateOf(step: PlaybookStep, rs: RunStep | undefined, run: PlaybookRun, state: Readonly<WorkspaceState>, me: string | null): RunStepView['gate'] {
  if (step.approval === undefined) return null;
  const roles = step.approval.roles;
  const mine = me === null ? [] : (own(state.members, me)?.roles ?? []);
  let canPass: string | null = null;
  if (run.status !== 'running') canPass = `the run has ${run.status}`;
  else if (rs?.status !== 'waiting') canPass = rs === undefined ? 'the run has not reached this gate' : `the gate is ${rs.status}`;
  else if (me === run.startedBy) canPass = 'the member who started the run cannot pass its approval gates';
  else if (!mine.some((r) => roles.includes(r))) canPass = `passing it needs role ${roles.join(' or ')}`;
  return { roles: [...roles], canPass };
}

function stepView(phase: Phase, step: PlaybookStep, run: PlaybookRun, state: Readonly<WorkspaceState>, now: number, me: string | null): RunStepView {
  const vars = varsOf(run);
  const rs = own(run.steps, stepKey(phase, step.id));
  const ref = rs?.ref ?? null;
  const action = step.action !== undefined && ref !== null && state.actions !== undefined ? own(state.actions, ref) : undefined;
  const task = step.task !== undefined && ref !== null ? own(state.tasks, ref) : undefined;
  const checkService = step.check === undefined ? null : filled(step.check.service, vars);
  return {
    phase,
    id: step.id,
    name: step.name ?? step.id,
    type: stepTypeOf(step),
    does: describeStep(step, vars),
    status: rs?.status ?? 'pending',
    startedAt: rs?.startedAt ?? null,
    at: rs?.at ?? null,
    by: rs === undefined ? null : personOf(state, rs.by),
    note: rs?.note ?? '',
    action:
      action === undefined
        ? null
        : {
            id: action.id,
            status: action.status,
            statusText: actionStatusText(state, action, now),
            connector: action.connector,
            operation: action.operation,
            target: action.target,
          },
    task: task === undefined ? null : { id: task.id, title: task.title, status: task.status, awaited: step.task?.await === true },
    gate: gateOf(step, rs, run, state, me),
    waitUntil: step.wait !== undefined && rs !== undefined ? rs.startedAt + step.wait : null,
    check:
      step.check === undefined || checkService === null
        ? null
        : {
            service: checkService,
            expected: step.check.status,
            now: own(state.services, checkService)?.status ?? 'unknown',
            deadline: rs === undefined ? null : rs.startedAt + (step.check.within ?? 0),
          },
  };
}

/** The step a running run last moved, e.g. "restart: waiting". */
function currentStep(run: PlaybookRun): string | null {
  if (run.status !== 'running') return null;
  const latest = Object.values(run.steps).reduce<RunStep | null>((a, b) => (a === null || b.at >= a.at ? b : a), null);
  if (latest === null) return 'starting';
  return `${latest.phase === 'steps' ? '' : `${latest.phase}/`}${latest.step}: ${latest.status}`;
}

export function runSummary(state: Readonly<WorkspaceState>, run: PlaybookRun): RunSummary {
  const version: PlaybookVersion | undefined = own(state.playbooks?.versions ?? {}, run.hash);
  const incident = run.incident === null ? undefined : own(state.incidents, run.incident);
  return {
    id: run.id,
    playbook: run.playbook,
    title: version?.title ?? run.playbook,
    version: run.version,
    hash: run.hash,
    publication: version?.number ?? 0,
    service: run.service,
    incident: run.incident === null ? null : { id: run.incident, title: incident?.title ?? 'unknown incident' },
    status: run.status,
    startedBy: personOf(state, run.startedBy),
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    current: currentStep(run),
  };
}

/**
 * The run step by step at `now`: every step of the version it runs, started
 * or not. Rollback and escalation steps are listed too (as `pending`) so the
 * commander sees what a failure would set off before it does.
 */
export function runView(state: Readonly<WorkspaceState>, run: PlaybookRun, now: number, me: string | null): RunView {
  const version = own(state.playbooks?.versions ?? {}, run.hash);
  const doc = version?.document;
  let waiting: string | null = null;
  if (doc !== undefined && run.status === 'running') {
    const move = nextMove(doc, run, state, now);
    if (move.type === 'idle') waiting = move.reason;
  }
  return {
    ...runSummary(state, run),
    inputs: { ...run.inputs },
    outputs: { ...run.outputs },
    note: run.note,
    waiting,
    drivenHere: me !== null && me === run.startedBy,
    steps: doc === undefined ? [] : PHASES.flatMap((phase) => doc[phase].map((step) => stepView(phase, step, run, state, now, me))),
  };
}
