import type { playbookMethods } from '../../shared/api';
import type { BodyInput, KindName } from '../../shared/entries';
import {
  PHASES,
  playbookSummary,
  problemsText,
  publishProblems,
  resolveInputs,
  runProblems,
  runSummary,
  runView,
  stepKey,
  type PlaybookRun,
} from '../../shared/playbook';
import { own } from '../../shared/state';
import { advanceRun, connectorParamsCheck, loadBundledPlaybooks, type RunJournal } from '.';
import { EntryRefusedError, type Workspace } from '../workspace';
import type { HandleOptions, HandlerMap } from '../api';

// Playbooks in the console: list, publish a bundled one, start a run on a
// service, watch it step by step, pass its approval gates. The host's
// PlaybookService takes runs further on its own; these handlers journal what
// the user asked for (as `commandpost playbook` does) and read the views.

/** A request naming something that is not there (a playbook, a run, a service). */
export class PlaybookRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaybookRequestError';
  }
}

const nowOf = (ws: Workspace, opts: HandleOptions): number => (opts.clock ?? ws.clock).now();

function appendVia<K extends KindName>(ws: Workspace, opts: HandleOptions, kind: K, body: BodyInput<K>) {
  return opts.append ? opts.append({ kind, body } as Parameters<NonNullable<HandleOptions['append']>>[0]) : ws.append(kind, body);
}

function runOf(ws: Workspace, id: string): PlaybookRun {
  const run = own(ws.state.playbooks?.runs ?? {}, id);
  if (run === undefined) throw new PlaybookRequestError(`no playbook run ${id} in this workspace`);
  return run;
}

/** Form values as typed: surrounding blanks dropped, an empty field means "not given" (so the default applies). */
function formInputs(given: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(given).flatMap(([k, v]) => (v.trim() === '' ? [] : [[k, v.trim()]])));
}

/**
 * The run as this request's workspace holds it. The host's change feed
 * replaces its Workspace (closing the old one's connection) when another
 * process wrote to the journal; a driver reading the closed one would act on
 * a stale state, so it stops with an error instead.
 */
function requestJournal(ws: Workspace, opts: HandleOptions): RunJournal {
  return {
    get state() {
      if (!ws.store.db.open) throw new Error('the journal changed while this request ran (another process wrote to it); try again');
      return ws.state;
    },
    me: ws.me,
    append: (kind, body) => appendVia(ws, opts, kind, body),
    catchUp: () => (opts.append === undefined ? ws.catchUp() : undefined),
  };
}

export const playbookHandlers: HandlerMap<keyof typeof playbookMethods> = {
  'playbooks:list': (ws) => {
    const bundled = loadBundledPlaybooks();
    const names = new Set([...Object.keys(ws.state.playbooks?.current ?? {}), ...bundled.playbooks.keys()]);
    const playbooks = [...names]
      .map((name) => playbookSummary(ws.state, name, bundled.playbooks.get(name) ?? null))
      .sort((a, b) => a.title.localeCompare(b.title));
    return { playbooks, problems: bundled.problems };
  },

  'playbooks:publish': (ws, params, opts) => {
    const bundled = loadBundledPlaybooks();
    const found = bundled.playbooks.get(params.name);
    if (found === undefined) {
      const problem = bundled.problems.length > 0 ? ` (unreadable: ${bundled.problems.join('; ')})` : '';
      throw new PlaybookRequestError(`no bundled playbook ${params.name}; bundled: ${[...bundled.playbooks.keys()].join(', ') || 'none'}${problem}`);
    }
    // Checked against this workspace's catalog first: a team or service it does not have is refused here, not at step 1 of a live run.
    const problems = publishProblems(found.document, ws.state);
    if (problems.length > 0) throw new PlaybookRequestError(`${problemsText(found.document.playbook, problems)}; nothing was published`);
    const entry = appendVia(ws, opts, 'playbook.publish', { text: found.text, hash: found.hash });
    return { id: entry.id, hash: found.hash };
  },

  'playbooks:start': (ws, params, opts) => {
    const state = ws.state;
    const hash = own(state.playbooks?.current ?? {}, params.playbook);
    const version = hash === undefined ? undefined : own(state.playbooks?.versions ?? {}, hash);
    if (version === undefined) {
      throw new PlaybookRequestError(`playbook ${params.playbook} is not published in this workspace; publish it first`);
    }
    if (params.service !== null && own(state.services, params.service)?.retired !== false) {
      throw new PlaybookRequestError(`unknown service ${params.service}`);
    }
    if (params.incident !== null) {
      const incident = own(state.incidents, params.incident);
      if (incident === undefined) throw new PlaybookRequestError(`unknown incident ${params.incident}`);
      if (incident.status === 'resolved') throw new EntryRefusedError('playbook.run', `incident "${incident.title}" is resolved`);
    }
    const inputs = formInputs(params.inputs);
    // The fold checks the same; checking first answers the form with the input named and nothing journaled.
    const checked = resolveInputs(version.document.inputs, inputs, version.name);
    if (!checked.ok) throw new EntryRefusedError('playbook.run', checked.problem);
    const problems = runProblems(version.document, state, { service: params.service, incident: params.incident, inputs }, connectorParamsCheck);
    if (problems.length > 0) throw new PlaybookRequestError(`${problemsText(version.name, problems)}; the run was not started`);
    const entry = appendVia(ws, opts, 'playbook.run', { hash: version.hash, service: params.service, incident: params.incident, inputs });
    return { run: entry.id };
  },

  'playbooks:runs': (ws, params) => {
    const runs = Object.values(ws.state.playbooks?.runs ?? {})
      .filter((r) => (params.service === undefined || r.service === params.service) && (params.playbook === undefined || r.playbook === params.playbook))
      .sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id))
      .slice(0, params.limit)
      .map((r) => runSummary(ws.state, r));
    return { runs };
  },

  'playbooks:run': (ws, params, opts) => runView(ws.state, runOf(ws, params.run), nowOf(ws, opts), ws.me),

  'playbooks:advance': (ws, params, opts) => {
    runOf(ws, params.run);
    const result = advanceRun(requestJournal(ws, opts), params.run, { now: () => nowOf(ws, opts) });
    return { status: result.status, waiting: result.waiting, log: result.log };
  },

  'playbooks:approve': (ws, params, opts) => {
    const run = runOf(ws, params.run);
    const phase = PHASES.find((p) => own(run.steps, stepKey(p, params.step))?.status === 'waiting');
    // The fold names what is wrong (not a gate, the starter, a missing role); without a waiting step there is nothing to pass.
    if (phase === undefined) throw new EntryRefusedError('playbook.step', `step ${params.step} of this run is not waiting for approval`);
    const entry = appendVia(ws, opts, 'playbook.step', {
      run: run.id,
      phase,
      step: params.step,
      status: 'approved',
      ref: null,
      note: 'gate passed in the console',
    });
    return { id: entry.id };
  },
};
