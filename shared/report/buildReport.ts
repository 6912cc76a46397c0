import { own } from '../state/state';
import { DECISION_KINDS, SETUP_KINDS, describeEntry } from './describeEntry';
import { computeMetrics, type Metrics } from './metrics';
import { facilitatorsOf, formatSpan, str, timeBaseOf, whoOf, type JournalEntryView, type ReportInput, type TimeBase } from './reportInput';
import { scoreRubric, type Score } from './score';

// The report as data: one model, rendered to Markdown and to HTML. It holds
// only what follows from the journal (and the scenario it carries), so the
// same journal always gives the same report, byte for byte.

export interface ReportRow {
  when: string;
  who: string;
  what: string;
}

export interface Report {
  kind: 'exercise' | 'incident';
  title: string;
  facts: [string, string][];
  briefing: string | null;
  participants: { id: string; name: string; roles: string; teams: string; member: string }[];
  metrics: { name: string; value: string; definition: string }[];
  score: (Score & { rows: { item: string; window: string; result: string; when: string; who: string; points: string }[] }) | null;
  decisions: ReportRow[];
  timeline: ReportRow[];
  notes: ReportRow[];
  flags: string[];
}

export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

/** Entries of a real incident: those referring to it, its tasks or its actions, while it ran. */
function incidentScope(input: ReportInput, id: string): JournalEntryView[] {
  const tasks = new Set(
    Object.values(input.state.tasks)
      .filter((t) => t.incident === id)
      .map((t) => t.id),
  );
  const actions = new Set<string>();
  return input.entries.filter((e) => {
    if (e.kind === 'incident.open') return e.id === id;
    if (str(e, 'incident') === id) {
      if (e.kind === 'action.request') actions.add(e.id);
      return true;
    }
    return tasks.has(str(e, 'task') ?? '') || actions.has(str(e, 'action') ?? '');
  });
}

const span = (ms: number | null) => (ms === null ? 'not reached' : formatSpan(ms));

function metricRows(m: Metrics, exercise: boolean): Report['metrics'] {
  const t0 = exercise ? 'the first inject' : 'the incident being opened';
  return [
    {
      name: 'Time to acknowledge',
      value: span(m.acknowledge),
      definition: `from ${t0} to the first response (incident, status, task, note or action entry) by a responder`,
    },
    { name: 'Time to mitigate', value: span(m.mitigate), definition: `from ${t0} to the incident moving to monitoring (or resolved)` },
    { name: 'Time to resolve', value: span(m.resolve), definition: `from ${t0} to the incident being resolved` },
    {
      name: 'Approval latency p50 / p95',
      value: m.approvalLatencies.length === 0 ? 'no approvals' : `${span(m.approvalP50)} / ${span(m.approvalP95)} (${m.approvalLatencies.length} approved)`,
      definition: 'from an action request to the approval that let it go (nearest rank)',
    },
    {
      name: 'Actions automated',
      value: m.automatedShare === null ? 'none' : `${Math.round(m.automatedShare * 100)}% (${m.dispatched} dispatched, ${m.tasks} manual tasks)`,
      definition: 'actions dispatched through a connector / (those + tasks created)',
    },
    { name: 'Human interventions', value: String(m.interventions), definition: 'state-changing entries by responders after t0' },
    { name: 'Failed actions', value: String(m.failedActions), definition: 'final failed action results' },
    { name: 'Break-glass overrides', value: String(m.overrides), definition: 'action.override entries (approval bypassed by a commander)' },
  ];
}

export function buildReport(input: ReportInput): Report {
  const { state } = input;
  const time: TimeBase = timeBaseOf(state);
  const ex = state.exercise ?? null;
  const facilitators = facilitatorsOf(state);
  const isResponder = (author: string) => !facilitators.has(author);
  const requests = new Map(input.entries.filter((e) => e.kind === 'action.request').map((e) => [e.id, e] as const));

  let scoped: JournalEntryView[];
  let incidentId: string | null;
  let t0: number | null;
  if (ex !== null) {
    const start = input.entries.findIndex((e) => e.id === ex.entry);
    scoped = input.entries.slice(Math.max(0, start)).filter((e) => !SETUP_KINDS.has(e.kind));
    incidentId = scoped.find((e) => e.kind === 'incident.open' && e.applied)?.id ?? null;
    const fired = Object.values(ex.fired).map((f) => Math.floor(f.at / 1000) * 1000);
    t0 = fired.length > 0 ? Math.min(...fired) : null;
  } else {
    incidentId = input.incident;
    const incident = incidentId === null ? undefined : own(state.incidents, incidentId);
    if (incidentId === null || incident === undefined) throw new ReportError(`no incident ${incidentId ?? ''} in this workspace`);
    scoped = incidentScope(input, incidentId);
    t0 = time.at(incident.openedAt);
  }
  const applied = scoped.filter((e) => e.applied);
  const metrics = computeMetrics({ entries: applied, incident: incidentId, t0, isResponder }, time);
  const row = (e: JournalEntryView): ReportRow => ({ when: time.point(time.at(e.wall)), who: whoOf(state, e.author), what: describeEntry(state, requests, e) });

  const scenario = input.scenario;
  let score: Report['score'] = null;
  if (ex !== null && scenario !== null) {
    const s = scoreRubric(scenario.rubric, { entries: applied, exercise: ex, isResponder, time });
    const rubricAfter = (id: string): string | undefined => scenario.rubric.find((i) => i.id === id)?.after;
    const rows = s.results.map((r) => ({
      item: r.description,
      window: `${rubricAfter(r.id) === 'start' ? 'start' : `inject ${rubricAfter(r.id) ?? ''}`} + ${formatSpan(r.within)}`,
      result: { met: 'met', late: 'late', missed: 'missed', 'not-triggered': 'not triggered' }[r.outcome],
      when: r.at === null ? '' : `${time.point(r.at)}${r.opened !== null ? ` (+${formatSpan(r.at - r.opened)})` : ''}`,
      who: r.author === null ? '' : whoOf(state, r.author),
      points: `${r.earned} / ${r.points}`,
    }));
    score = { ...s, rows };
  }

  const incident = incidentId === null ? undefined : own(state.incidents, incidentId);
  const facts: [string, string][] = [];
  if (ex !== null) {
    facts.push(['Scenario', `${ex.title} (${ex.scenarioId}, sha256 ${ex.scenario.slice(0, 12)})`], ['Seed', ex.seed]);
    facts.push(['Ran for', ex.endedAt === null ? 'still running' : `${formatSpan(ex.endedAt)} of scenario time`]);
    facts.push([
      'Injects fired',
      `${Object.keys(ex.fired).length} of ${Object.keys(ex.schedule).length} ` +
        `scheduled${Object.values(ex.fired).some((f) => f.source === 'adhoc') ? ' (plus ad-hoc)' : ''}`,
    ]);
    if (score !== null)
      facts.push(['Score', `${score.earned} / ${score.possible}${score.possible > 0 ? ` (${Math.round((score.earned / score.possible) * 100)}%)` : ''}`]);
  }
  if (incident !== undefined) {
    facts.push(['Incident', `${incident.title} (SEV${incident.severity}, ${incident.status})`]);
    if (ex === null)
      facts.push(
        ['Opened', time.point(time.at(incident.openedAt))],
        ['Resolved', incident.resolvedAt === null ? 'not yet' : time.point(time.at(incident.resolvedAt))],
      );
    if (incident.commander !== null) facts.push(['Commander', whoOf(state, incident.commander)]);
  }

  const participants: Report['participants'] =
    scenario !== null && ex !== null
      ? scenario.participants.map((p) => ({
          id: p.id,
          name: p.name,
          roles: p.roles.join(', '),
          teams: p.teams.join(', '),
          member: ex.cast[p.id] ? whoOf(state, ex.cast[p.id] ?? '') : 'not cast',
        }))
      : [...new Set(applied.map((e) => e.author))].map((k) => ({
          id: '',
          name: whoOf(state, k),
          roles: own(state.members, k)?.roles.join(', ') ?? '',
          teams: own(state.members, k)?.teams.join(', ') ?? '',
          member: '',
        }));

  const rejected = scoped.filter((e) => !e.applied);
  const flags = [
    ...applied.filter((e) => e.kind === 'action.override').map((e) => `Break-glass: ${row(e).who} at ${row(e).when}: ${str(e, 'justification') ?? ''}`),
    ...rejected.map((e) => `Refused ${e.kind} by ${whoOf(state, e.author)} at ${time.point(time.at(e.wall))}: ${state.rejected[e.id]?.reason ?? 'rejected'}`),
  ];
  return {
    kind: ex !== null ? 'exercise' : 'incident',
    title: ex !== null ? `After-action report: ${ex.title}` : `Post-incident report: ${incident?.title ?? ''}`,
    facts,
    briefing: scenario?.briefing ?? (incident?.summary || null),
    participants,
    metrics: metricRows(metrics, ex !== null),
    score,
    decisions: applied.filter((e) => DECISION_KINDS.has(e.kind)).map(row),
    timeline: applied.filter((e) => e.kind !== 'exercise.note').map(row),
    notes: applied.filter((e) => e.kind === 'exercise.note').map((e) => ({ ...row(e), what: str(e, 'text') ?? '' })),
    flags,
  };
}
