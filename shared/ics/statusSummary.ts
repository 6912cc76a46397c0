import { commandersOf } from '../state/icsState';
import { own, type WorkspaceState } from '../state/state';
import { joinLines, mdInline, names, shortId, utcMinute } from './markdownText';
import { affectedServices, currentBlastRadius, incidentActions, incidentTasks, latestPeriod, periodObjectives } from './situation';

// ICS 209-style status summary for executives: conditions, actions, needs.
// `at` is the moment it is generated for (from the caller's injected clock):
// only the incident's age depends on it.

export interface StatusSummary {
  title: string;
  at: number;
  conditions: string[];
  actions: string[];
  needs: string[];
}

function minutes(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  return m < 120 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function statusSummaryOf(state: Readonly<WorkspaceState>, incidentId: string, at: number): StatusSummary {
  const incident = own(state.incidents, incidentId);
  if (incident === undefined) throw new Error(`unknown incident ${incidentId}`);
  const affected = affectedServices(state);
  const radius = currentBlastRadius(state, affected);
  const tasks = incidentTasks(state, incidentId);
  const count = (s: string) => tasks.filter((t) => t.status === s).length;
  const actions = incidentActions(state, incidentId);
  const period = latestPeriod(state, incidentId);
  const objectives = periodObjectives(state, incidentId, period);
  const commanders = commandersOf(state, incident).map((k) => ({ key: k, name: own(state.members, k)?.name ?? k.slice(0, 8) }));

  const conditions = [
    `Severity ${incident.severity}, status ${incident.status}, open for ${minutes((incident.resolvedAt ?? at) - incident.openedAt)} (since ` +
      `${utcMinute(incident.openedAt)}).`,
    `Commanded by ${names(commanders)}.`,
    ...(incident.summary.trim() === '' ? [] : [mdInline(incident.summary)]),
    affected.length === 0 ? 'No service is down or degraded.' : `Affected: ${affected.map((s) => `${s.id} ${s.status}`).join(', ')}.`,
    radius.length === 0 ? 'No further services at risk.' : `At risk (blast radius): ${radius.length} service(s): ${radius.map((s) => s.id).join(', ')}.`,
  ];
  const met = objectives.filter((o) => o.status === 'met').length;
  const actionLines = [
    period === null
      ? 'No operational period started.'
      : `Operational period ${period.number} until ${utcMinute(period.end)}: ${met} of ${objectives.length} objective(s) met.`,
    `Tasks: ${count('in_progress')} in progress, ${count('open')} open, ${count('done')} done.`,
    ...actions
      .filter((a) => a.status !== 'pending' && a.status !== 'rejected')
      .map((a) => `Action ${mdInline(a.summary)} on ${mdInline(a.target)}: ${a.status}.`),
  ];
  const needs = [
    ...tasks.filter((t) => t.status === 'blocked').map((t) => `Unblock: ${mdInline(t.title)}.`),
    ...actions.filter((a) => a.status === 'pending').map((a) => `Approval needed: ${mdInline(a.summary)} on ${mdInline(a.target)} (${shortId(a.id)}).`),
    ...tasks.filter((t) => t.assignee === null && (t.status === 'open' || t.status === 'in_progress')).map((t) => `Owner needed: ${mdInline(t.title)}.`),
    ...objectives
      .filter((o) => o.owner === null && o.status !== 'met' && o.status !== 'dropped')
      .map((o) => `Owner needed for objective: ${mdInline(o.text)}.`),
  ];
  return { title: incident.title, at, conditions, actions: actionLines, needs: needs.length === 0 ? ['Nothing outstanding.'] : needs };
}

export function statusSummaryMarkdown(s: StatusSummary): string {
  return joinLines([
    `# Status summary (ICS 209): ${mdInline(s.title)}`,
    '',
    `As of ${utcMinute(s.at)}.`,
    '',
    '## Conditions',
    '',
    ...s.conditions.map((c) => `- ${c}`),
    '',
    '## Actions',
    '',
    ...s.actions.map((c) => `- ${c}`),
    '',
    '## Needs',
    '',
    ...s.needs.map((c) => `- ${c}`),
  ]);
}
