import type { Expectation, RubricItem } from '../exercise/scenarioSchema';
import type { ExerciseState } from '../state/exerciseState';
import { bodyOf, num, obj, str, type JournalEntryView, type TimeBase } from './reportInput';

// Scoring against the rubric. An item's window opens at the start, or when
// its `after` inject fired, and lasts `within`; the first applied entry by a
// responder (the named participant, if `by` is given) that matches the
// expectation decides: inside the window it earns the points, after it the
// item is late (no points); without one it is missed.

export interface RubricResult {
  id: string;
  description: string;
  points: number;
  earned: number;
  outcome: 'met' | 'late' | 'missed' | 'not-triggered';
  /** When the window opened and when the matching entry came (TimeBase units), if they did. */
  opened: number | null;
  at: number | null;
  within: number;
  author: string | null;
}

export interface Score {
  results: RubricResult[];
  earned: number;
  possible: number;
}

export interface ScoreContext {
  readonly entries: readonly JournalEntryView[];
  readonly exercise: Readonly<ExerciseState>;
  readonly isResponder: (author: string) => boolean;
  readonly time: TimeBase;
}

function matches(x: Expectation, e: JournalEntryView, requests: ReadonlyMap<string, JournalEntryView>): boolean {
  switch (x.kind) {
    case 'incident.open':
      return e.kind === 'incident.open' && (x.severityAtMost === undefined || (num(e, 'severity') ?? 99) <= x.severityAtMost);
    case 'incident.severity':
      return (e.kind === 'incident.open' || e.kind === 'incident.update') && (num(e, 'severity') ?? 99) <= x.atMost;
    case 'incident.status':
      return e.kind === 'incident.update' && str(e, 'status') === x.status;
    case 'incident.resolve':
      return e.kind === 'incident.resolve';
    case 'service.status':
      return e.kind === 'service.status' && str(e, 'service') === x.service && str(e, 'status') === x.status;
    case 'task.create': {
      if (e.kind !== 'task.create') return false;
      const team = obj(e, 'assignee')?.['team'];
      const title = (str(e, 'title') ?? '').toLowerCase();
      return (x.team === undefined || team === x.team) && (x.titleIncludes === undefined || title.includes(x.titleIncludes.toLowerCase()));
    }
    case 'action.request':
      return (
        e.kind === 'action.request' &&
        (x.connector === undefined || str(e, 'connector') === x.connector) &&
        (x.operation === undefined || str(e, 'operation') === x.operation)
      );
    case 'action.approve':
      return e.kind === 'action.approve';
    case 'action.succeeded': {
      if (e.kind !== 'action.result' || str(e, 'outcome') !== 'succeeded') return false;
      const req = requests.get(str(e, 'action') ?? '');
      return x.connector === undefined || (req !== undefined && str(req, 'connector') === x.connector);
    }
    case 'note.add':
      return e.kind === 'note.add' && (x.includes === undefined || (str(e, 'text') ?? '').toLowerCase().includes(x.includes.toLowerCase()));
  }
}

export function scoreRubric(rubric: readonly RubricItem[], ctx: ScoreContext): Score {
  const requests = new Map(ctx.entries.filter((e) => e.kind === 'action.request').map((e) => [e.id, e] as const));
  // Results are journaled by the executor's device, which may be anyone's: they count for the team.
  const counts = (e: JournalEntryView, by: string | undefined) =>
    e.kind === 'action.result' ? true : by === undefined ? ctx.isResponder(e.author) : ctx.exercise.cast[by] === e.author;
  const results = rubric.map((item): RubricResult => {
    const base = { id: item.id, description: item.description, points: item.points, earned: 0, within: item.within, author: null, at: null };
    const opened = item.after === 'start' ? 0 : (ctx.exercise.fired[item.after]?.at ?? null);
    if (opened === null) return { ...base, outcome: 'not-triggered', opened: null };
    const openedAt = Math.floor(opened / 1000) * 1000;
    const hit = ctx.entries.find((e) => bodyOf(e) !== null && ctx.time.at(e.wall) >= openedAt && counts(e, item.by) && matches(item.expect, e, requests));
    if (hit === undefined) return { ...base, outcome: 'missed', opened: openedAt };
    const at = ctx.time.at(hit.wall);
    const met = at - openedAt <= item.within;
    return { ...base, outcome: met ? 'met' : 'late', earned: met ? item.points : 0, opened: openedAt, at, author: hit.author };
  });
  return { results, earned: results.reduce((s, r) => s + r.earned, 0), possible: results.reduce((s, r) => s + r.points, 0) };
}
