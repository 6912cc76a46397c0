import { ICS_STAFF_ROLES, commandersOf, icsOf, type IcsRole } from '../state/icsState';
import { own, type WorkspaceState } from '../state/state';
import { joinLines, names, person, type Person } from './markdownText';

// ICS 203/207 organisation chart, generated from the projection: command at
// the root, command staff and general staff below it, subject-matter experts
// under planning (where ICS puts technical specialists).

export const POSITION_TITLES: Record<IcsRole, string> = {
  commander: 'Incident Commander',
  deputy: 'Deputy Incident Commander',
  safety: 'Safety Officer',
  liaison: 'Liaison Officer',
  communications: 'Public Information Officer (communications lead)',
  scribe: 'Scribe',
  operations: 'Operations Section Chief',
  planning: 'Planning Section Chief',
  specialist: 'Subject-matter experts',
};

export interface OrgNode {
  role: IcsRole;
  title: string;
  people: Person[];
  children: OrgNode[];
}

export interface OrgChart {
  incident: string;
  unified: boolean;
  root: OrgNode;
}

export function orgChart(state: Readonly<WorkspaceState>, incidentId: string): OrgChart {
  const incident = own(state.incidents, incidentId);
  const ics = icsOf(state, incidentId);
  const holders = (role: IcsRole): Person[] =>
    role === 'commander'
      ? incident === undefined
        ? []
        : commandersOf(state, incident).map((k) => person(state, k))
      : ics.assignments.filter((a) => a.role === role).map((a) => person(state, a.member));
  const node = (role: IcsRole, children: OrgNode[] = []): OrgNode => ({ role, title: POSITION_TITLES[role], people: holders(role), children });
  const staff = ICS_STAFF_ROLES.filter((r) => r !== 'operations' && r !== 'planning' && r !== 'specialist');
  const root = node('commander', [...staff.map((r) => node(r)), node('operations'), node('planning', [node('specialist')])]);
  if (ics.unified) root.title = 'Unified Command';
  return { incident: incidentId, unified: ics.unified, root };
}

/** The chart as a nested Markdown list. */
export function orgChartMarkdown(chart: OrgChart, title?: string): string {
  const lines: string[] = [];
  if (title !== undefined) lines.push(`# ICS 207 Organisation chart: ${title}`, '');
  const walk = (n: OrgNode, depth: number) => {
    lines.push(`${'  '.repeat(depth)}- **${n.title}**: ${names(n.people)}`);
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(chart.root, 0);
  return joinLines(lines);
}

/** Flattened, in chart order: the ICS 203 assignment list. */
export function orgPositions(chart: OrgChart): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (n: OrgNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(chart.root);
  return out;
}
