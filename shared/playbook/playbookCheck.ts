import type { JsonValue } from '../canonical';
import { own, type WorkspaceState } from '../state/state';
import { resolveInputs } from './inputs';
import { PHASES, type Phase, type PlaybookDocument, type PlaybookStep } from './playbookSchema';
import { fill, fillJson, placeholders, TemplateError } from './template';

// A playbook checked against the workspace it is published in or runs in,
// before anything is journaled. A misnamed team (issue 13: the bundled
// failover playbook named `database` where the demo has `data`) used to fail
// at step 1 mid-incident and then page someone through the escalation: here
// it is refused up front, naming the step and the missing thing. The same
// rule runs at publish (only what the text fixes: literal teams and
// services) and before a run starts (everything, with the run's values).

export interface PlaybookProblem {
  /** `inputs` for a problem with the run's inputs rather than a step. */
  phase: Phase | 'inputs';
  step: string | null;
  problem: string;
}

/** What a run would start with; null service/incident: not given. */
export interface RunValues {
  service: string | null;
  incident: string | null;
  inputs: Readonly<Record<string, string>>;
}

/** Checks the caller adds for action steps (the device's connectors validate parameters); null when fine. */
export type ActionCheck = (connector: string, operation: string, params: JsonValue) => string | null;

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : [...names].sort().join(', ');
}

function teamProblem(state: Readonly<WorkspaceState>, team: string): string | null {
  if (own(state.teams, team) !== undefined) return null;
  return `unknown team ${team} (this workspace's teams: ${list(Object.keys(state.teams))})`;
}

function serviceProblem(state: Readonly<WorkspaceState>, service: string): string | null {
  const s = own(state.services, service);
  if (s === undefined) return `unknown service ${service}`;
  return s.retired ? `service ${service} is retired` : null;
}

/** The problems one step would hit with `vars`; a null vars checks only what holds no placeholder. */
function stepProblems(
  step: PlaybookStep,
  state: Readonly<WorkspaceState>,
  vars: Readonly<Record<string, string>> | null,
  run: RunValues | null,
  checkAction: ActionCheck | null,
): string[] {
  const literal = (text: string): string | null => (vars === null ? (placeholders(text).length === 0 ? text : null) : fill(text, vars));
  const out: string[] = [];
  if (step.task !== undefined) {
    if (run !== null) {
      const incident = run.incident === null ? undefined : own(state.incidents, run.incident);
      if (incident === undefined) out.push('a task step needs an open incident: start the run with one');
      else if (incident.status === 'resolved') out.push(`a task step needs an open incident; "${incident.title}" is resolved`);
    }
    const team = step.task.team === undefined ? null : literal(step.task.team);
    const problem = team === null ? null : teamProblem(state, team);
    if (problem !== null) out.push(problem);
  }
  if (step.check !== undefined) {
    const service = literal(step.check.service);
    const problem = service === null ? null : serviceProblem(state, service);
    if (problem !== null) out.push(`check: ${problem}`);
  }
  if (step.action !== undefined && vars !== null) {
    const a = step.action;
    for (const text of [a.environment, a.target, a.summary]) fill(text, vars);
    const problem = checkAction?.(a.connector, a.operation, fillJson(a.params, vars));
    if (problem) out.push(problem);
  }
  return out;
}

function walkSteps(doc: PlaybookDocument, each: (step: PlaybookStep) => string[]): PlaybookProblem[] {
  const problems: PlaybookProblem[] = [];
  for (const phase of PHASES) {
    for (const step of doc[phase]) {
      try {
        for (const problem of each(step)) problems.push({ phase, step: step.id, problem });
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        const what = err.placeholder === 'service' ? 'a service' : err.placeholder === 'incident' ? 'an incident' : `input ${err.placeholder}`;
        problems.push({ phase, step: step.id, problem: `uses {{${err.placeholder}}}: start the run with ${what}` });
      }
    }
  }
  return problems;
}

/** At publish: teams and services the steps name literally must be in the workspace's catalog. */
export function publishProblems(doc: PlaybookDocument, state: Readonly<WorkspaceState>): PlaybookProblem[] {
  return walkSteps(doc, (step) => stepProblems(step, state, null, null, null));
}

/** Before a run starts: its inputs, and every step filled with the run's values against the catalog. */
export function runProblems(doc: PlaybookDocument, state: Readonly<WorkspaceState>, run: RunValues, checkAction: ActionCheck | null = null): PlaybookProblem[] {
  const checked = resolveInputs(doc.inputs, run.inputs, doc.playbook);
  if (!checked.ok) return [{ phase: 'inputs', step: null, problem: checked.problem }];
  if (run.service !== null) {
    const problem = serviceProblem(state, run.service);
    if (problem !== null) return [{ phase: 'inputs', step: null, problem }];
  }
  // Built-ins left out of the run are left out here too, so a step using one names it.
  const vars: Record<string, string> = { ...checked.inputs, run: '<run>' };
  if (run.service !== null) vars.service = run.service;
  if (run.incident !== null) vars.incident = run.incident;
  return walkSteps(doc, (step) => stepProblems(step, state, vars, run, checkAction));
}

/** One message for an error: the playbook, then each step and what it lacks. */
export function problemsText(playbook: string, problems: readonly PlaybookProblem[]): string {
  const lines = problems.map((p) => (p.step === null ? p.problem : `${p.phase === 'steps' ? '' : `${p.phase} `}step ${p.step}: ${p.problem}`));
  return `playbook ${playbook} does not fit this workspace: ${lines.join('; ')}`;
}
