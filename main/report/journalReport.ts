import { parseScenarioText, type Scenario } from '../../shared/exercise';
import { buildReport, reportHtml, reportMarkdown, ReportError, type JournalEntryView, type Report } from '../../shared/report';
import { exerciseOf } from '../../shared/state';
import type { Workspace } from '../workspace';

// Reports from a workspace's journal: the after-action report of an exercise
// workspace, or the post-incident report of one real incident. The generator
// itself is pure (shared/report); this only reads the journal for it.

export type ReportFormat = 'md' | 'html';

/** The journal in total order, as the pure report and replay code read it. */
export function entriesOf(ws: Workspace): JournalEntryView[] {
  const rejected = ws.state.rejected;
  const out: JournalEntryView[] = [];
  for (const e of ws.store.entriesAfter(null)) {
    out.push({ id: e.id, kind: e.header.kind, author: e.header.author, wall: e.header.hlc.wall, body: e.body, applied: !Object.hasOwn(rejected, e.id) });
  }
  return out;
}

function scenarioOf(ws: Workspace, entries: readonly JournalEntryView[]): Scenario | null {
  const ex = exerciseOf(ws.state);
  if (ex === null) return null;
  const start = entries.find((e) => e.id === ex.entry)?.body;
  const text = start !== null && typeof start === 'object' && !Array.isArray(start) ? start?.['scenario'] : undefined;
  if (typeof text !== 'string') return null;
  const parsed = parseScenarioText(text);
  return parsed.ok ? parsed.scenario : null;
}

/** The incident a report is about: the given id or prefix, else the most recently opened one. */
export function pickIncident(ws: Workspace, ref: string | null): string {
  const incidents = Object.values(ws.state.incidents).sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? -1 : 1));
  if (ref === null) {
    const latest = incidents[0];
    if (latest === undefined) throw new ReportError('this workspace has no incidents');
    return latest.id;
  }
  const matches = incidents.filter((i) => i.id.startsWith(ref.toLowerCase()));
  if (matches.length !== 1 || !/^[0-9a-f]{6,64}$/i.test(ref))
    throw new ReportError(matches.length > 1 ? `incident id ${ref} is ambiguous` : `no incident with id ${ref}`);
  return matches[0]!.id;
}

/** The report of this workspace: its exercise if it runs one, else the given (or latest) incident. */
export function workspaceReport(ws: Workspace, incident: string | null = null): Report {
  const entries = entriesOf(ws);
  const exercise = exerciseOf(ws.state) !== null;
  return buildReport({ entries, state: ws.state, scenario: scenarioOf(ws, entries), incident: exercise ? null : pickIncident(ws, incident) });
}

export function renderReport(report: Report, format: ReportFormat): string {
  return format === 'html' ? reportHtml(report) : reportMarkdown(report);
}
