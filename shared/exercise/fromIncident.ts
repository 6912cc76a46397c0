import type { z } from 'zod';
import type { JsonValue } from '../canonical';
import type { Role } from '../entries/roles';
import { formatDuration, parseDuration } from '../approvals/duration';
import type { JournalEntryView } from '../report/reportInput';
import type { scenarioSchema } from './scenarioSchema';

// Replay a real incident as an exercise (issue 8): a pure conversion of an
// incident's journal into a scenario file. What happened *to* the team (a
// service changing status, what people reported in notes) becomes injects;
// what the team *did* (open, severity and status updates, board changes,
// tasks, actions, resolve) becomes the script, at the same offsets from the
// moment the incident was opened, so an unattended run reproduces it; the
// rubric asks a rehearsing team to match what the real team did within the
// observed time plus some slack. Names and text go through the caller's
// mappers so the CLI can pseudonymise them.

export type ScenarioDocument = z.input<ReturnType<typeof scenarioSchema>>;
type Doc = Required<Pick<ScenarioDocument, 'participants' | 'injects' | 'rubric' | 'script'>>;
type Step = Doc['script'][number];
/** A step without its time and participant (Omit distributed over the union of step kinds). */
type DistributiveOmit<T> = T extends unknown ? Omit<T, 'at' | 'by'> : never;
type StepBody = DistributiveOmit<Step>;
type ScenarioRole = Doc['participants'][number]['roles'][number];

export interface FromIncidentInput {
  incident: string;
  /** The workspace journal in total order. */
  entries: readonly JournalEntryView[];
  members: Readonly<Record<string, { name: string; roles: readonly Role[]; teams: readonly string[] }>>;
  /** Catalog reference written into the scenario ("demo" or a file), and its ids. */
  catalog: { ref: string; services: ReadonlySet<string>; teams: ReadonlySet<string> };
  policy?: string;
  /** A member's name as the scenario shows it (a pseudonym, or the real name). */
  nameOf: (key: string) => string;
  /** Free text as it goes into the file (names replaced when pseudonymising). */
  text?: (s: string) => string;
  /** Added to every observed time in the rubric (default 5 min). */
  slackMs?: number;
}

export interface FromIncidentResult {
  scenario: ScenarioDocument;
  /** What could not be carried over, one line each. */
  warnings: string[];
}

export class FromIncidentError extends Error {}

const DAY_MS = 86_400_000;
const SCENARIO_ROLES: readonly Role[] = ['commander', 'approver', 'responder', 'observer'];
const isScenarioRole = (r: Role): r is ScenarioRole => SCENARIO_ROLES.includes(r);

type Body = Record<string, JsonValue>;
const bodyOf = (e: JournalEntryView): Body => (e.body !== null && typeof e.body === 'object' && !Array.isArray(e.body) ? e.body : {});
const s = (b: Body, k: string): string | null => (typeof b[k] === 'string' ? (b[k] as string) : null);
const n = (b: Body, k: string): number | null => (typeof b[k] === 'number' ? (b[k] as number) : null);
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'x';
const clip = (text: string, max: number): string => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);
/** Offsets in whole seconds: the scenario format's resolution. */
const dur = (ms: number): string => formatDuration(Math.floor(Math.max(0, ms) / 1000) * 1000);

export function scenarioFromIncident(input: FromIncidentInput): FromIncidentResult {
  const text = input.text ?? ((x: string) => x);
  const slack = input.slackMs ?? 5 * 60_000;
  const open = input.entries.find((e) => e.id === input.incident && e.kind === 'incident.open' && e.applied);
  if (open === undefined) throw new FromIncidentError(`no incident.open entry ${input.incident} in this journal`);
  const t0 = open.wall;
  const ob = bodyOf(open);
  const resolved = input.entries.find((e) => e.applied && e.kind === 'incident.resolve' && s(bodyOf(e), 'incident') === input.incident);
  const until = Math.min(t0 + DAY_MS, resolved?.wall ?? Number.MAX_SAFE_INTEGER);

  const warnings: string[] = [];
  const skipped = new Map<string, number>();
  let lateCount = 0;
  const doc: Doc = { participants: [], injects: [], rubric: [], script: [] };
  const ids = new Map<string, string>();
  const participant = (key: string): string => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const m = input.members[key];
    const name = clip(input.nameOf(key), 200);
    let id = slug(name);
    for (let i = 2; [...ids.values()].includes(id); i++) id = `${slug(name)}-${i}`;
    ids.set(key, id);
    const roles = (m?.roles ?? []).filter(isScenarioRole);
    // The workspace creator is often only 'admin', which scenarios cannot give; it acted as the commander.
    doc.participants.push({
      id,
      name,
      roles: roles.length > 0 ? roles.slice(0, 4) : ['commander'],
      teams: (m?.teams ?? []).filter((t) => input.catalog.teams.has(t)),
    });
    return id;
  };
  const tasks = new Map<string, string>();
  const actions = new Map<string, string>();
  const acked = new Set<string>();
  let severity = n(ob, 'severity') ?? 3;
  let firstStatus = true;
  const step = (e: JournalEntryView, body: StepBody) => doc.script.push({ at: dur(e.wall - t0), by: participant(e.author), ...body } as Step); // spreading a
  // union loses
  // its tag for
  // the compiler,
  // not in fact
  const rubric = (id: string, description: string, expect: Doc['rubric'][number]['expect'], after: string, afterAt: number, at: number) =>
    doc.rubric.push({ id, description: clip(description, 200), expect, after, within: dur(Math.max(0, at - afterAt) + slack), points: 10 });

  step(open, { do: 'incident.open', title: clip(text(s(ob, 'title') ?? 'Incident'), 200), severity, summary: clip(text(s(ob, 'summary') ?? ''), 4000) });
  rubric('declare', `Incident declared at SEV${severity} or higher`, { kind: 'incident.open', severityAtMost: severity }, 'start', t0, t0);

  for (const e of input.entries) {
    if (!e.applied || e.body === null || e.wall < t0 || e === open) continue;
    const b = bodyOf(e);
    const mine = s(b, 'incident') === input.incident;
    const at = e.wall - t0;
    const late = e.wall > until && e.kind !== 'incident.resolve';
    if (e.kind === 'service.status' && (mine || (s(b, 'incident') === null && e.wall <= until)) && !late) {
      const service = s(b, 'service') ?? '';
      const status = s(b, 'status') as 'healthy' | 'degraded' | 'down' | 'unknown';
      if (!input.catalog.services.has(service)) {
        warnings.push(`service ${service} is not in catalog ${input.catalog.ref}; its status change at ${dur(at)} is left out`);
        continue;
      }
      const id = `${service}-${status}-${doc.injects.length + 1}`;
      doc.injects.push({ id, at: dur(at), type: 'status', service, status, reason: clip(text(s(b, 'reason') ?? ''), 4000) });
      step(e, { do: 'service.status', service, status, reason: clip(text(s(b, 'reason') ?? ''), 2000) });
      if (!acked.has(service)) {
        acked.add(service);
        rubric(`ack-${id}`, `${service} confirmed ${status} on the board`, { kind: 'service.status', service, status }, id, e.wall, e.wall);
      }
    } else if (!mine && !['task.status', 'action.approve', 'action.reject'].includes(e.kind)) continue;
    else if (late) lateCount += 1;
    else if (e.kind === 'note.add') {
      doc.injects.push({
        id: `note-${doc.injects.length + 1}`,
        at: dur(at),
        type: 'message',
        from: clip(input.nameOf(e.author), 200),
        channel: 'incident journal',
        text: clip(text(s(b, 'text') ?? '…'), 4000),
      });
    } else if (e.kind === 'incident.update') {
      const sev = n(b, 'severity');
      const status = s(b, 'status') as 'investigating' | 'identified' | 'mitigating' | 'monitoring' | null;
      const summary = s(b, 'summary');
      step(e, {
        do: 'incident.update',
        ...(sev === null ? {} : { severity: sev }),
        ...(status === null ? {} : { status }),
        ...(summary === null ? {} : { summary: clip(text(summary), 4000) }),
      });
      if (status !== null && firstStatus) {
        firstStatus = false;
        rubric('first-status', `Incident status acknowledged as ${status}`, { kind: 'incident.status', status }, 'start', t0, e.wall);
      }
      if (sev !== null && sev < severity)
        rubric(`severity-${sev}-${doc.rubric.length}`, `Severity raised to SEV${sev}`, { kind: 'incident.severity', atMost: sev }, 'start', t0, e.wall);
      if (sev !== null) severity = sev;
    } else if (e.kind === 'incident.resolve') {
      step(e, { do: 'incident.resolve', resolution: clip(text(s(b, 'resolution') ?? ''), 4000) });
      rubric('resolved', 'Incident resolved', { kind: 'incident.resolve' }, 'start', t0, e.wall);
    } else if (e.kind === 'task.create') {
      const ref = `task-${tasks.size + 1}`;
      tasks.set(e.id, ref);
      const title = clip(text(s(b, 'title') ?? 'Task'), 200);
      const a = b['assignee'];
      const member = a !== null && typeof a === 'object' && !Array.isArray(a) && typeof a['member'] === 'string' ? a['member'] : null;
      const team =
        a !== null && typeof a === 'object' && !Array.isArray(a) && typeof a['team'] === 'string' && input.catalog.teams.has(a['team']) ? a['team'] : undefined;
      const due = n(b, 'due');
      const dueIn = due !== null && due > e.wall && due - e.wall <= DAY_MS ? dur(due - e.wall) : undefined;
      step(e, {
        do: 'task.create',
        ref,
        title,
        ...(team === undefined ? {} : { team }),
        ...(member === null ? {} : { assignee: participant(member) }),
        ...(dueIn === undefined ? {} : { dueIn }),
      });
      rubric(
        `${ref}-created`,
        `Task created: ${title}`,
        { kind: 'task.create', titleIncludes: clip(title, 60).replace(/…$/, ''), ...(team === undefined ? {} : { team }) },
        'start',
        t0,
        e.wall,
      );
    } else if (e.kind === 'task.status' && tasks.has(s(b, 'task') ?? '')) {
      step(e, { do: 'task.status', task: tasks.get(s(b, 'task') ?? '') ?? '', status: s(b, 'status') as 'open' });
    } else if (e.kind === 'action.request') {
      const ref = `action-${actions.size + 1}`;
      actions.set(e.id, ref);
      const params = b['params'];
      step(e, {
        do: 'action.request',
        ref,
        connector: s(b, 'connector') ?? '',
        operation: s(b, 'operation') ?? '',
        environment: s(b, 'environment') ?? '',
        risk: s(b, 'risk') as 'low',
        target: clip(text(s(b, 'target') ?? ''), 200),
        summary: clip(text(s(b, 'summary') ?? ''), 200),
        params: params !== null && typeof params === 'object' && !Array.isArray(params) ? params : {},
      });
    } else if ((e.kind === 'action.approve' || e.kind === 'action.reject') && actions.has(s(b, 'action') ?? '')) {
      const action = actions.get(s(b, 'action') ?? '') ?? '';
      const comment = clip(text(s(b, 'comment') ?? ''), 2000);
      step(e, e.kind === 'action.approve' ? { do: 'action.approve', action, comment } : { do: 'action.reject', action, comment: comment || 'rejected' });
    } else if (mine) skipped.set(e.kind, (skipped.get(e.kind) ?? 0) + 1);
  }
  for (const [kind, count] of skipped) warnings.push(`${count} × ${kind}: not replayed (scenarios have no such step)`);
  if (lateCount > 0) warnings.push(`${lateCount} entries after the incident was resolved (or more than a day after it opened) are left out`);

  const lastMs = Math.max(...[...doc.script, ...doc.injects].map((x) => toMs(x.at)), ...doc.rubric.map((r) => toMs(r.within)));
  const title = text(s(ob, 'title') ?? 'Incident');
  const scenario: ScenarioDocument = {
    version: 1,
    id: `replay-${slug(title)}`,
    title: clip(`Replay: ${title}`, 200),
    duration: dur(Math.min(DAY_MS, lastMs + 60_000)),
    catalog: input.catalog.ref,
    policy: input.policy ?? 'default',
    briefing: clip(
      `A replay of a real incident: "${title}", opened ${new Date(t0).toISOString()} at SEV${n(ob, 'severity') ?? '?'}.\n${text(s(ob, 'summary') ?? '')}\n\n` +
        'Generated by `commandpost exercise from-incident`: service status changes and journal notes arrive as injects at the offsets they had in ' +
        'the real incident; the rubric asks for what the real team did, within the time they took plus slack.',
      20_000,
    ),
    ...doc,
  };
  return { scenario, warnings };
}

function toMs(d: string | undefined): number {
  return parseDuration(d ?? '') ?? 0;
}
