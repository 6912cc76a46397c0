import { exerciseStartRefusal } from '../../shared/api';
import type { exerciseMethods } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import { exerciseStatus, simOffsetAt, type Scenario } from '../../shared/exercise';
import { formatOffset } from '../../shared/report';
import { exerciseOf, own } from '../../shared/state';
import {
  ExerciseError,
  adhocInject,
  bundledScenario,
  bundledScenarios,
  castParticipant,
  endExercise,
  facilitatorNote,
  fireNow,
  journaledScenario,
  pauseExercise,
  requireExercise,
  resumeExercise,
  setSpeed,
  setupExercise,
  type ExerciseWriter,
} from '.';
import { renderReport, workspaceReport } from '../report';
import { resourcesDir, type Workspace } from '../workspace';
import type { HandleOptions, HandlerMap } from '../api';

// The facilitator's controls and the exercise's status over the API: the
// same functions `commandpost exercise …` runs (main/exercise), writing
// through the core's change feed. Each handler reads first and writes once:
// a write may make the feed reopen the workspace, after which `ws` is stale.

const clockOf = (ws: Workspace, opts: HandleOptions): Clock => opts.clock ?? ws.clock;

const writerOf =
  (ws: Workspace, opts: HandleOptions): ExerciseWriter =>
  (drafts) =>
    opts.appendMany ? opts.appendMany(drafts) : ws.appendMany(drafts);

/**
 * The journaled scenario, parsed once per scenario hash: every open Exercise
 * panel asks for the status on every state change, and the text never changes.
 */
let parsedScenario: { hash: string; scenario: Scenario } | null = null;
function scenarioOf(ws: Workspace, hash: string): Scenario {
  if (parsedScenario?.hash !== hash) parsedScenario = { hash, scenario: journaledScenario(ws) };
  return parsedScenario.scenario;
}

/** The exercise, if this device may steer it; otherwise an error saying who can. */
function asFacilitator(ws: Workspace) {
  const ex = requireExercise(ws);
  const me = ws.me;
  const member = me === null ? undefined : own(ws.state.members, me);
  if (member?.roles.includes('facilitator') !== true) {
    const by = own(ws.state.members, ex.startedBy)?.name ?? ex.startedBy;
    throw new ExerciseError(`${member?.name ?? 'this device'} is not a facilitator of this exercise; ${by} started it and steers it`);
  }
  return ex;
}

/** "T+06:00": scenario time when a move was made. */
function when(ws: Workspace, opts: HandleOptions): string {
  return formatOffset(simOffsetAt(requireExercise(ws).segments, clockOf(ws, opts).now()));
}

export const exerciseHandlers: HandlerMap<keyof typeof exerciseMethods> = {
  'exercises:scenarios': () =>
    bundledScenarios(resourcesDir()).map(({ scenario: s }) => ({
      id: s.id,
      title: s.title,
      duration: s.duration,
      briefing: s.briefing,
      participants: s.participants.map((p) => ({ id: p.id, name: p.name, roles: [...p.roles], teams: [...p.teams] })),
      injects: s.injects.length,
    })),

  'exercises:status': (ws, _params, opts) => {
    const ex = exerciseOf(ws.state);
    if (ex === null) return null;
    return exerciseStatus(ws.state, ex, scenarioOf(ws, ex.scenario), ws.me, clockOf(ws, opts).now());
  },

  'exercises:start': (ws, params, opts) => {
    // Checked before anything is written: a refused start leaves no rejected entries behind.
    const refusal = exerciseStartRefusal(ws.state, ws.me);
    if (refusal !== null) throw new ExerciseError(refusal);
    const loaded = bundledScenario(resourcesDir(), params.scenario);
    setupExercise(ws, loaded, { seed: params.seed, speed: params.speed, cast: {} }, writerOf(ws, opts));
    return { message: `Started "${loaded.scenario.title}" at ${params.speed}x` };
  },

  'exercises:fireNow': (ws, params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    return { message: `Fired ${fireNow(ws, params.inject, writerOf(ws, opts))} at ${at}` };
  },

  'exercises:adhocInject': (ws, params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    return { message: `Fired ${adhocInject(ws, params.payload, params.id, writerOf(ws, opts))} at ${at}` };
  },

  'exercises:pause': (ws, _params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    pauseExercise(ws, writerOf(ws, opts));
    return { message: `Paused at ${at}` };
  },

  'exercises:resume': (ws, _params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    resumeExercise(ws, writerOf(ws, opts));
    return { message: `Resumed at ${at}` };
  },

  'exercises:setSpeed': (ws, params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    setSpeed(ws, params.speed, writerOf(ws, opts));
    return { message: `Speed ${params.speed}x from ${at}` };
  },

  'exercises:note': (ws, params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    facilitatorNote(ws, params.text, writerOf(ws, opts));
    return { message: `Note added at ${at}` };
  },

  'exercises:cast': (ws, params, opts) => {
    asFacilitator(ws);
    castParticipant(ws, params.participant, params.member, params.name, writerOf(ws, opts));
    return { message: `${params.name ?? params.member.slice(0, 8)} plays ${params.participant}` };
  },

  'exercises:end': (ws, params, opts) => {
    asFacilitator(ws);
    const at = when(ws, opts);
    endExercise(ws, params.reason, writerOf(ws, opts));
    return { message: `Ended at ${at}` };
  },

  'exercises:report': (ws) => {
    const ex = requireExercise(ws);
    // While it runs, the rubric would tell participants what is expected of them.
    if (ex.status !== 'ended') asFacilitator(ws);
    const report = workspaceReport(ws);
    const score = report.score;
    return {
      title: report.title,
      markdown: renderReport(report, 'md'),
      html: renderReport(report, 'html'),
      score:
        score === null
          ? null
          : {
              earned: score.earned,
              possible: score.possible,
              results: score.results.map((r) => ({ id: r.id, description: r.description, outcome: r.outcome, earned: r.earned, points: r.points })),
            },
    };
  },
};
