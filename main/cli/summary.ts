import { blastRadius, type Incident, type WorkspaceState } from '../../shared/state';
import { short } from './resolveRef';

const STATUS_MARK: Record<string, string> = { healthy: 'OK  ', degraded: 'DEGR', down: 'DOWN', unknown: '??  ' };

function ago(nowMs: number, thenMs: number): string {
  const min = Math.max(0, Math.round((nowMs - thenMs) / 60_000));
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

function memberName(state: Readonly<WorkspaceState>, key: string | null): string {
  if (key === null) return '(none)';
  return state.members[key]?.name ?? `${key.slice(0, 8)}…`;
}

function incidentBlock(state: Readonly<WorkspaceState>, incident: Incident, nowMs: number): string[] {
  const lines = [
    `SEV${incident.severity}  ${incident.title}  [${incident.status}]  id ${short(incident.id)}`,
    `  commander: ${memberName(state, incident.commander)}   open for ${ago(nowMs, incident.openedAt)}`,
  ];
  if (incident.summary) lines.push(`  ${incident.summary}`);
  const hit = Object.values(state.services).filter((s) => s.statusIncident === incident.id && s.status !== 'healthy');
  for (const s of hit) {
    const radius = blastRadius(state, s.id);
    lines.push(`  ${STATUS_MARK[s.status]} ${s.name} (${s.id}): ${s.history[0]?.reason ?? ''}`);
    if (radius.length > 0) lines.push(`       blast radius: ${radius.length} services: ${radius.join(', ')}`);
  }
  const tasks = Object.values(state.tasks).filter((t) => t.incident === incident.id);
  if (tasks.length > 0) lines.push('  tasks:');
  for (const t of tasks) {
    const who = t.assignee === null ? 'unassigned' : 'team' in t.assignee ? `team ${t.assignee.team}` : memberName(state, t.assignee.member);
    const due = t.due !== null ? `, due in ${Math.round((t.due - nowMs) / 60_000)} min` : '';
    lines.push(`    [${t.status}] ${t.title} (${who}${due}) id ${short(t.id)}`);
  }
  return lines;
}

/** The text `commandpost status` prints: workspace, open incidents, service health. */
export function summaryText(state: Readonly<WorkspaceState>, nowMs: number): string {
  const services = Object.values(state.services).filter((s) => !s.retired);
  const count = (status: string) => services.filter((s) => s.status === status).length;
  const open = Object.values(state.incidents).filter((i) => i.status !== 'resolved');
  const lines = [
    `Workspace: ${state.workspace?.name ?? '(none)'}  (${Object.keys(state.members).length} members, ${services.length} services, ` +
      `${Object.keys(state.teams).length} teams)`,
    `Services: ${count('healthy')} healthy, ${count('degraded')} degraded, ${count('down')} down, ${count('unknown')} unknown`,
    `Open incidents: ${open.length}`,
  ];
  for (const incident of open.sort((a, b) => a.severity - b.severity || a.openedAt - b.openedAt)) {
    lines.push('', ...incidentBlock(state, incident, nowMs));
  }
  const rejected = Object.keys(state.rejected).length;
  if (rejected > 0) lines.push('', `${rejected} journal entries were rejected by the rules (see \`commandpost journal verify\`).`);
  if (Object.keys(state.equivocations).length > 0) lines.push(`WARNING: equivocation evidence held for ${Object.keys(state.equivocations).length} author(s).`);
  return lines.join('\n');
}
