import { dependentsOf } from '../state/blastRadius';
import { currentPeriod, icsOf, type ObjectiveStatus, type OperationalPeriod } from '../state/icsState';
import { own, type ServiceStatus, type Task, type TaskStatus, type WorkspaceState } from '../state/state';
import { person, type Person } from './markdownText';

// The facts every ICS document draws on (briefing, action plan, status
// summary), read from the projection once, in a deterministic order.

export interface AffectedService {
  id: string;
  name: string;
  status: ServiceStatus;
  since: number | null;
  reason: string;
}

export interface WorkItem {
  id: string;
  title: string;
  status: TaskStatus;
  assignee: string;
  due: number | null;
  updatedAt: number;
}

/** ICS 204: one team's assignments. */
export interface TeamAssignments {
  team: string;
  name: string;
  items: WorkItem[];
}

export interface RemediationAction {
  id: string;
  summary: string;
  target: string;
  status: string;
  approvals: number;
}

export interface ObjectiveView {
  id: string;
  text: string;
  owner: Person | null;
  status: ObjectiveStatus;
}

/** Services down or degraded anywhere in the workspace, worst first. */
export function affectedServices(state: Readonly<WorkspaceState>): AffectedService[] {
  const rank = (s: ServiceStatus) => (s === 'down' ? 0 : 1);
  return Object.values(state.services)
    .filter((s) => !s.retired && (s.status === 'down' || s.status === 'degraded'))
    .map((s) => ({ id: s.id, name: s.name, status: s.status, since: s.statusSince, reason: s.history[0]?.reason ?? '' }))
    .sort((a, b) => rank(a.status) - rank(b.status) || (a.id < b.id ? -1 : 1));
}

/** Healthy-looking services that depend on an affected one: the graph's current blast radius. */
export function currentBlastRadius(state: Readonly<WorkspaceState>, affected: readonly AffectedService[]): { id: string; name: string }[] {
  const ids = new Set(affected.map((a) => a.id));
  return [...dependentsOf(state, ids)]
    .filter((id) => !ids.has(id))
    .sort()
    .map((id) => ({ id, name: own(state.services, id)?.name ?? id }));
}

function assigneeLabel(state: Readonly<WorkspaceState>, t: Task): string {
  if (t.assignee === null) return 'unassigned';
  if ('team' in t.assignee) return `team ${own(state.teams, t.assignee.team)?.name ?? t.assignee.team}`;
  return person(state, t.assignee.member).name;
}

const UNASSIGNED = '';
/** Not a slug, so it cannot collide with a team id. */
const NO_TEAM = '~';

/** The team a task counts against: its team, or its member's first team. */
function teamOf(state: Readonly<WorkspaceState>, t: Task): string {
  if (t.assignee === null) return UNASSIGNED;
  if ('team' in t.assignee) return t.assignee.team;
  return own(state.members, t.assignee.member)?.teams[0] ?? NO_TEAM;
}

function groupName(state: Readonly<WorkspaceState>, team: string): string {
  if (team === UNASSIGNED) return 'Unassigned';
  if (team === NO_TEAM) return 'Individuals (no team)';
  return own(state.teams, team)?.name ?? team;
}

/** Teams by name, then individuals, then what nobody holds. */
function groupRank(team: string): number {
  return team === UNASSIGNED ? 2 : team === NO_TEAM ? 1 : 0;
}

export function incidentTasks(state: Readonly<WorkspaceState>, incident: string): Task[] {
  return Object.values(state.tasks)
    .filter((t) => t.incident === incident)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * Tasks grouped by team (ICS 204). With a period: the tasks still open, plus
 * those finished during it; cancelled tasks are left out.
 */
export function assignmentsByTeam(state: Readonly<WorkspaceState>, incident: string, period: OperationalPeriod | null): TeamAssignments[] {
  const groups = new Map<string, WorkItem[]>();
  for (const t of incidentTasks(state, incident)) {
    if (t.status === 'cancelled') continue;
    if (t.status === 'done' && period !== null && t.updatedAt < period.start) continue;
    const team = teamOf(state, t);
    const item: WorkItem = { id: t.id, title: t.title, status: t.status, assignee: assigneeLabel(state, t), due: t.due, updatedAt: t.updatedAt };
    groups.set(team, [...(groups.get(team) ?? []), item]);
  }
  return [...groups.entries()]
    .map(([team, items]) => ({ team, name: groupName(state, team), items }))
    .sort((a, b) => groupRank(a.team) - groupRank(b.team) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Remediation actions of the incident. state.actions is optional and owned elsewhere: read defensively. */
export function incidentActions(state: Readonly<WorkspaceState>, incident: string): RemediationAction[] {
  const actions = state.actions ?? {};
  return Object.values(actions)
    .filter((a) => a.incident === incident)
    .sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : 1))
    .map((a) => ({
      id: a.id,
      summary: a.summary || `${a.connector} ${a.operation}`,
      target: a.target,
      status: a.status,
      approvals: Array.isArray(a.verdicts) ? a.verdicts.filter((v) => v.verdict === 'approve').length : 0,
    }));
}

export function periodObjectives(state: Readonly<WorkspaceState>, incident: string, period: OperationalPeriod | null): ObjectiveView[] {
  if (period === null) return [];
  const ics = icsOf(state, incident);
  return period.objectives.flatMap((id) => {
    const o = own(ics.objectives, id);
    return o === undefined ? [] : [{ id, text: o.text, owner: o.owner === null ? null : person(state, o.owner), status: o.status }];
  });
}

/** The period a document describes: the open one, else the last one. */
export function latestPeriod(state: Readonly<WorkspaceState>, incident: string): OperationalPeriod | null {
  const ics = icsOf(state, incident);
  return currentPeriod(ics) ?? ics.periods.at(-1) ?? null;
}

export const OBJECTIVE_LABELS: Record<ObjectiveStatus, string> = {
  open: 'open',
  in_progress: 'in progress',
  met: 'met',
  not_met: 'not met',
  dropped: 'dropped',
};
