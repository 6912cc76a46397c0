import { own, type WorkspaceState } from '../state/state';
import { joinLines, mdTable, person, utcMinute, type Person } from './markdownText';

// ICS 214 activity log: one person's signed journal entries about one
// incident, in journal order. The caller supplies the entries (the CLI from
// the store, the UI from journal:page); this decides which concern the
// incident and says what each did.

export interface LoggedEntry {
  id: string;
  header: { author: string; kind: string; hlc: { wall: number } };
  body: unknown;
  rejected?: { reason: string } | null;
}

export interface ActivityRow {
  at: number;
  kind: string;
  entry: string;
  what: string;
  rejected: string | null;
}

export interface ActivityLog {
  incident: string;
  title: string;
  person: Person;
  rows: ActivityRow[];
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined;
}

/** Whether an entry is about the incident: names it, or a task or action of it. */
export function concernsIncident(state: Readonly<WorkspaceState>, incident: string, e: LoggedEntry): boolean {
  if (e.id === incident || field(e.body, 'incident') === incident) return true;
  const task = field(e.body, 'task');
  if (typeof task === 'string' && own(state.tasks, task)?.incident === incident) return true;
  const action = field(e.body, 'action');
  return typeof action === 'string' && state.actions !== undefined && own(state.actions, action)?.incident === incident;
}

/** A short description from the fields most kinds carry. */
function describe(state: Readonly<WorkspaceState>, e: LoggedEntry): string {
  const parts: string[] = [];
  for (const name of ['title', 'text', 'role', 'status', 'service', 'reason']) {
    const v = field(e.body, name);
    if (typeof v === 'string' && v !== '') parts.push(name === 'text' || name === 'title' ? v : `${name} ${v}`);
  }
  for (const name of ['member', 'to']) {
    const v = field(e.body, name);
    if (typeof v === 'string') parts.push(`${name === 'to' ? 'to' : 'member'} ${person(state, v).name}`);
  }
  const briefing = field(e.body, 'briefing');
  if (typeof briefing === 'string') parts.push(`briefing sha256 ${briefing}`);
  const text = parts.join('; ').replace(/\s+/g, ' ');
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export function activityLog(state: Readonly<WorkspaceState>, incident: string, member: string, entries: Iterable<LoggedEntry>): ActivityLog {
  const rows: ActivityRow[] = [];
  for (const e of entries) {
    if (e.header.author !== member || !concernsIncident(state, incident, e)) continue;
    rows.push({ at: e.header.hlc.wall, kind: e.header.kind, entry: e.id, what: describe(state, e), rejected: e.rejected?.reason ?? null });
  }
  return { incident, title: own(state.incidents, incident)?.title ?? incident, person: person(state, member), rows };
}

export function activityLogMarkdown(log: ActivityLog): string {
  return joinLines([
    `# Activity log (ICS 214): ${log.person.name}`,
    '',
    `Incident: ${log.title}. Every row is a signed journal entry by ${log.person.name} (${log.person.key}).`,
    '',
    ...(log.rows.length === 0
      ? ['No entries by this person for this incident.']
      : mdTable(
          ['Time (UTC)', 'Activity', 'Details', 'Entry'],
          log.rows.map((r) => [utcMinute(r.at), r.kind, r.rejected === null ? r.what : `${r.what} (REJECTED: ${r.rejected})`, r.entry.slice(0, 12)]),
        )),
  ]);
}
