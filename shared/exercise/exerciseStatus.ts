import type { ExerciseInjectRow, ExerciseStatus } from '../api/exerciseMethods';
import type { ExerciseState } from '../state/exerciseState';
import { own, type WorkspaceState } from '../state/state';
import { describeInject } from './injectSchema';
import type { Scenario } from './scenarioSchema';
import { activePartitions, failingConnectors, injectDueAt, nextDueAt } from './scheduler';
import { simOffsetAt } from './simClock';

// What `exercises:status` answers: the exercise as one device may see it,
// from the state, the journaled scenario and the wall clock (pure).
// Pending injects are a facilitator's secret (participants learn of an
// inject when it fires), so they are listed only when `me` facilitates.

const speedOf = (ex: Readonly<ExerciseState>): number => ex.segments[ex.segments.length - 1]?.speed ?? 1;

export function exerciseStatus(
  state: Readonly<WorkspaceState>,
  ex: Readonly<ExerciseState>,
  scenario: Scenario,
  me: string | null,
  wallNow: number,
): ExerciseStatus {
  const offset = ex.status === 'ended' ? (ex.endedAt ?? 0) : simOffsetAt(ex.segments, wallNow);
  const facilitator = me !== null && own(state.members, me)?.roles.includes('facilitator') === true;
  const playing = Object.entries(ex.cast).find(([, member]) => member === me)?.[0] ?? null;
  // `fired` holds injects in fold (total) order; the stable sort keeps that order among equal offsets.
  const fired: ExerciseInjectRow[] = Object.entries(ex.fired)
    .sort(([, fa], [, fb]) => fa.at - fb.at)
    .map(([id, f]) => ({
      id,
      source: f.source,
      type: f.payload.type,
      description: describeInject(f.payload),
      dueAt: f.dueAt,
      firedAt: f.at,
      payload: f.payload,
    }));
  const pending: ExerciseInjectRow[] = scenario.injects
    .filter((i) => !Object.hasOwn(ex.fired, i.id))
    .map((i) => {
      const { id: _id, at: _at, jitter: _jitter, ...payload } = i;
      return {
        id: i.id,
        source: 'scenario' as const,
        type: i.type,
        description: describeInject(payload),
        dueAt: ex.schedule[i.id] ?? injectDueAt(ex.seed, i),
        firedAt: null,
        payload: null,
      };
    })
    .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || (a.id < b.id ? -1 : 1));
  const next = nextDueAt(ex);
  const nextRow = next === null ? undefined : pending.find((p) => p.dueAt === next);
  return {
    scenario: { id: ex.scenarioId, title: ex.title, hash: ex.scenario, briefing: scenario.briefing, duration: scenario.duration },
    seed: ex.seed,
    status: ex.status,
    speed: speedOf(ex),
    offset,
    endedAt: ex.endedAt,
    facilitator,
    playing,
    nextInject:
      facilitator && nextRow !== undefined && nextRow.dueAt !== null ? { id: nextRow.id, dueAt: nextRow.dueAt, description: nextRow.description } : null,
    firedCount: fired.length,
    pendingCount: ex.status === 'ended' ? 0 : pending.length,
    injects: facilitator ? [...fired, ...pending] : fired,
    participants: scenario.participants.map((p) => {
      const member = own(ex.cast, p.id) ?? null;
      return {
        id: p.id,
        name: p.name,
        roles: [...p.roles],
        teams: [...p.teams],
        member,
        memberName: member === null ? null : (own(state.members, member)?.name ?? null),
      };
    }),
    partitions:
      ex.status === 'ended'
        ? []
        : activePartitions(ex, offset).map((p) => ({ ...p, until: ex.disruptions.find((d) => d.inject === p.inject)?.until ?? offset })),
    failingConnectors: ex.status === 'ended' ? [] : [...failingConnectors(ex, offset)].map(([connector, f]) => ({ connector, ...f })),
    notes: ex.notes,
  };
}
