import { commandersOf, icsOf, type OperationalPeriod } from '../state/icsState';
import { own, type WorkspaceState } from '../state/state';
import { joinLines, mdInline, mdTable, names, person, shortId, utcMinute, type Person } from './markdownText';
import { orgChart, orgPositions } from './orgChart';
import { OBJECTIVE_LABELS, assignmentsByTeam, latestPeriod, periodObjectives, type ObjectiveView, type TeamAssignments } from './situation';

// The incident action plan (IAP) for one operational period: ICS 202
// objectives, ICS 203 organisation, ICS 204 assignments (the incident's tasks
// grouped by team) and the ICS 205 communications plan. Pure, like the briefing.

export interface ActionPlan {
  incident: { id: string; title: string; severity: number; status: string };
  preparedBy: Person[];
  period: { id: string; number: number; start: number; end: number; closed: boolean; commsPlan: string } | null;
  objectives: ObjectiveView[];
  organisation: { title: string; people: Person[] }[];
  assignments: TeamAssignments[];
}

/** The plan for `periodId`, or for the current (else latest) period. */
export function actionPlanOf(state: Readonly<WorkspaceState>, incidentId: string, periodId?: string): ActionPlan {
  const incident = own(state.incidents, incidentId);
  if (incident === undefined) throw new Error(`unknown incident ${incidentId}`);
  let period: OperationalPeriod | null = latestPeriod(state, incidentId);
  if (periodId !== undefined) {
    period = icsOf(state, incidentId).periods.find((p) => p.id === periodId) ?? null;
    if (period === null) throw new Error(`unknown operational period ${periodId}`);
  }
  return {
    incident: { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status },
    preparedBy: commandersOf(state, incident).map((k) => person(state, k)),
    period:
      period === null
        ? null
        : { id: period.id, number: period.number, start: period.start, end: period.end, closed: period.closedAt !== null, commsPlan: period.commsPlan },
    objectives: periodObjectives(state, incidentId, period),
    organisation: orgPositions(orgChart(state, incidentId)).map((n) => ({ title: n.title, people: n.people })),
    assignments: assignmentsByTeam(state, incidentId, period),
  };
}

export function periodLabel(p: ActionPlan['period']): string {
  if (p === null) return 'No operational period started';
  return `Operational period ${p.number}: ${utcMinute(p.start)} to ${utcMinute(p.end)}${p.closed ? ' (closed)' : ''}`;
}

export function actionPlanMarkdown(plan: ActionPlan): string {
  const l: string[] = [];
  l.push(`# Incident action plan: ${mdInline(plan.incident.title)}`, '');
  l.push(`- ${periodLabel(plan.period)}`);
  l.push(`- Incident: ${shortId(plan.incident.id)}, severity ${plan.incident.severity}, status ${plan.incident.status}`);
  l.push(`- Prepared by: ${names(plan.preparedBy)}`, '');
  if (plan.period === null)
    l.push('Objectives are set per operational period; the commander starts one first (`commandpost ics period start --end TIME`).', '');

  l.push('## ICS 202 Incident objectives', '');
  if (plan.objectives.length === 0) l.push('No objectives set for this period.');
  else
    l.push(
      ...mdTable(
        ['#', 'Objective', 'Owner', 'Status'],
        plan.objectives.map((o, n) => [String(n + 1), o.text, o.owner?.name ?? 'none', OBJECTIVE_LABELS[o.status]]),
      ),
    );

  l.push('', '## ICS 203 Organisation assignment list', '');
  plan.organisation.forEach((r) => l.push(`- ${r.title}: ${names(r.people)}`));

  l.push('', '## ICS 204 Assignments', '');
  if (plan.assignments.length === 0) l.push('No tasks for this period.');
  for (const g of plan.assignments) {
    l.push(`### ${mdInline(g.name)}`, '');
    l.push(
      ...mdTable(
        ['Task', 'Assignee', 'Status', 'Due'],
        g.items.map((t) => [t.title, t.assignee, t.status, t.due === null ? '' : utcMinute(t.due)]),
      ),
      '',
    );
  }

  l.push('', '## ICS 205 Communications plan', '');
  l.push(plan.period === null || plan.period.commsPlan.trim() === '' ? 'No communications plan recorded for this period.' : plan.period.commsPlan.trim());
  return joinLines(l);
}
