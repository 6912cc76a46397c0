import { toHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';
import { commandersOf, icsOf } from '../state/icsState';
import { own, type WorkspaceState } from '../state/state';
import { joinLines, mdInline, mdTable, names, person, shortId, utcMinute, type Person } from './markdownText';
import { orgChart, orgPositions } from './orgChart';
import {
  OBJECTIVE_LABELS,
  affectedServices,
  assignmentsByTeam,
  currentBlastRadius,
  incidentActions,
  latestPeriod,
  periodObjectives,
  type AffectedService,
  type ObjectiveView,
  type RemediationAction,
  type TeamAssignments,
} from './situation';

// ICS 201 incident briefing: what an incoming commander is told. Generated
// from the projection only (no clock, no locale), so regenerating it from the
// journal state at the position of a handover offer gives the same Markdown,
// and the SHA-256 of that Markdown is what the offer and acceptance journal.

export interface Briefing {
  incident: { id: string; title: string; severity: number; status: string; summary: string; openedAt: number; openedBy: Person };
  command: { commanders: Person[]; unified: boolean };
  period: { number: number; start: number; end: number; closed: boolean } | null;
  affected: AffectedService[];
  blastRadius: { id: string; name: string }[];
  objectives: ObjectiveView[];
  assignments: TeamAssignments[];
  actionsUnderWay: RemediationAction[];
  pendingApprovals: RemediationAction[];
  roles: { title: string; people: Person[] }[];
  teams: { id: string; name: string; channel: string; tasks: number }[];
}

const IN_FLIGHT = ['dispatching', 'retrying', 'unknown'];

export function briefingOf(state: Readonly<WorkspaceState>, incidentId: string): Briefing {
  const incident = own(state.incidents, incidentId);
  if (incident === undefined) throw new Error(`unknown incident ${incidentId}`);
  const period = latestPeriod(state, incidentId);
  const affected = affectedServices(state);
  const actions = incidentActions(state, incidentId);
  const assignments = assignmentsByTeam(state, incidentId, null).map((g) => ({ ...g, items: g.items.filter((i) => i.status !== 'done') }));
  return {
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      summary: incident.summary,
      openedAt: incident.openedAt,
      openedBy: person(state, incident.openedBy),
    },
    command: { commanders: commandersOf(state, incident).map((k) => person(state, k)), unified: icsOf(state, incidentId).unified },
    period: period === null ? null : { number: period.number, start: period.start, end: period.end, closed: period.closedAt !== null },
    affected,
    blastRadius: currentBlastRadius(state, affected),
    objectives: periodObjectives(state, incidentId, period),
    assignments: assignments.filter((g) => g.items.length > 0),
    actionsUnderWay: actions.filter((a) => IN_FLIGHT.includes(a.status)),
    pendingApprovals: actions.filter((a) => a.status === 'pending'),
    roles: orgPositions(orgChart(state, incidentId)).map((n) => ({ title: n.title, people: n.people })),
    teams: assignments
      .filter((g) => own(state.teams, g.team) !== undefined && g.items.length > 0)
      .map((g) => ({ id: g.team, name: g.name, channel: own(state.teams, g.team)?.channel ?? '', tasks: g.items.length })),
  };
}

export function briefingMarkdown(b: Briefing): string {
  const l: string[] = [];
  const i = b.incident;
  l.push(`# ICS 201 Incident briefing: ${mdInline(i.title)}`, '');
  l.push(`- Incident: ${shortId(i.id)}, severity ${i.severity}, status ${i.status}`);
  l.push(`- Opened: ${utcMinute(i.openedAt)} by ${i.openedBy.name}`);
  l.push(`- ${b.command.unified ? 'Unified command' : 'Incident commander'}: ${names(b.command.commanders)}`);
  const period =
    b.period === null ? 'none started' : `${b.period.number}, ${utcMinute(b.period.start)} to ${utcMinute(b.period.end)}${b.period.closed ? ' (closed)' : ''}`;
  l.push(`- Operational period: ${period}`, '');

  l.push('## 1. Situation summary', '', i.summary.trim() === '' ? 'No summary recorded.' : mdInline(i.summary), '');
  l.push('### Services affected', '');
  if (b.affected.length === 0) l.push('No service is down or degraded.');
  else
    l.push(
      ...mdTable(
        ['Service', 'Status', 'Since', 'Reason'],
        b.affected.map((s) => [`${s.name} (${s.id})`, s.status, s.since === null ? '' : utcMinute(s.since), s.reason]),
      ),
    );
  l.push('', '### Blast radius', '');
  l.push(
    b.blastRadius.length === 0
      ? 'No further services depend on the affected ones.'
      : `${b.blastRadius.length} dependent service(s) at risk: ${b.blastRadius.map((s) => s.id).join(', ')}.`,
    '',
  );

  l.push('## 2. Current objectives', '');
  if (b.objectives.length === 0) l.push('No objectives set for the current operational period.');
  b.objectives.forEach((o, n) => l.push(`${n + 1}. ${mdInline(o.text)} (owner: ${o.owner?.name ?? 'none'}; ${OBJECTIVE_LABELS[o.status]})`));
  l.push('');

  l.push('## 3. Actions under way', '', '### Tasks', '');
  const tasks = b.assignments.flatMap((g) => g.items.map((t) => [t.title, g.name, t.assignee, t.status, t.due === null ? '' : utcMinute(t.due)]));
  if (tasks.length === 0) l.push('No open tasks.');
  else l.push(...mdTable(['Task', 'Team', 'Assignee', 'Status', 'Due'], tasks));
  l.push('', '### Remediation actions in flight', '');
  if (b.actionsUnderWay.length === 0) l.push('None.');
  b.actionsUnderWay.forEach((a) => l.push(`- ${mdInline(a.summary)} on ${mdInline(a.target)}: ${a.status}`));
  l.push('', '### Pending approvals', '');
  if (b.pendingApprovals.length === 0) l.push('None.');
  b.pendingApprovals.forEach((a) => l.push(`- ${mdInline(a.summary)} on ${mdInline(a.target)}: ${a.approvals} approval(s) so far (${shortId(a.id)})`));
  l.push('');

  l.push('## 4. Resources and roles', '', '### Command and staff', '');
  b.roles.forEach((r) => l.push(`- ${r.title}: ${names(r.people)}`));
  l.push('', '### Teams engaged', '');
  if (b.teams.length === 0) l.push('No team holds open tasks.');
  b.teams.forEach((t) => l.push(`- ${t.name}${t.channel ? ` (${t.channel})` : ''}: ${t.tasks} open task(s)`));
  return joinLines(l);
}

/** SHA-256 (hex) of the canonical Markdown: the value journaled with a handover. */
export function briefingHash(hasher: Hasher, markdown: string): string {
  return toHex(hasher.sha256(utf8(markdown)));
}

/** Markdown and hash of the incident's briefing as the state stands. */
export function generateBriefing(hasher: Hasher, state: Readonly<WorkspaceState>, incidentId: string): { briefing: Briefing; markdown: string; hash: string } {
  const briefing = briefingOf(state, incidentId);
  const markdown = briefingMarkdown(briefing);
  return { briefing, markdown, hash: briefingHash(hasher, markdown) };
}
