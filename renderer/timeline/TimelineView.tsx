import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TimelineEntry } from '../../shared/api';
import type { JsonValue } from '../../shared/canonical';
import { KIND_NAMES, kindLabel } from '../../shared/entries';
import { describeEntry } from '../../shared/report';
import type { WorkspaceState } from '../../shared/state';
import { exerciseEntrySummary } from '../exercise';
import { useApi } from '../api';
import { memberName, selectState, useWorkspaceStore } from '../workspace';
import { selectTimelineEntries, useTimelineStore } from './store';
import { VirtualList } from './VirtualList';

// Two lines a row, sized for a projector: time, kind and badge on the first;
// who and what on the second (wrapped and clamped, never cut sideways).
export const TIMELINE_ROW_HEIGHT = 76;

const TIME_FORMAT: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };

/** Kinds for the filter, by their label. */
const KIND_OPTIONS = KIND_NAMES.map((k) => ({ kind: k, label: kindLabel(k) })).sort((a, b) => a.label.localeCompare(b.label));

function Badge({ entry }: { entry: TimelineEntry }) {
  if (entry.rejected !== null)
    return (
      <span className="badge badge-rejected" title={`${entry.rejected.category}: ${entry.rejected.reason}`}>
        ✖ rejected
      </span>
    );
  // Only verified entries are stored: signature, chain and roster were checked on arrival.
  return (
    <span className="badge badge-verified" title={entry.redactedBy ? 'Verified; body redacted' : 'Signature and chain verified'}>
      ✔ verified{entry.redactedBy ? ' · redacted' : ''}
    </span>
  );
}

/** The kind's own words for an entry (its describe() in shared/entries), or '' where it has none. */
function described(entry: TimelineEntry, state: WorkspaceState | null): string {
  if (state === null || entry.body === null) return '';
  // describeEntry parses the body with the kind's own schema before reading it.
  const view = {
    id: entry.id,
    kind: entry.header.kind,
    author: entry.header.author,
    wall: entry.header.hlc.wall,
    body: entry.body as JsonValue,
    applied: entry.rejected === null,
  };
  const line = describeEntry(state, NO_REQUESTS, view);
  return line === entry.header.kind ? '' : line;
}

const NO_REQUESTS = new Map<string, never>();

function summary(entry: TimelineEntry, state: WorkspaceState | null): string {
  if (entry.rejected !== null) return entry.rejected.reason;
  const body = entry.body;
  if (typeof body !== 'object' || body === null) return '';
  const b = body as Record<string, unknown>;
  // Exercises (issue 7): an inject as the team received it.
  const exercise = exerciseEntrySummary(entry.header.kind, b);
  if (exercise !== null) return exercise.slice(0, 160);
  // Actions (issue 6): what was asked, the outcome and the vendor's message, the approver's comment.
  const parts = ['title', 'summary', 'service', 'status', 'outcome', 'text', 'name', 'resolution', 'message', 'comment']
    .map((k) => b[k])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  // Break-glass is flagged wherever it appears.
  if (entry.header.kind === 'action.override' && typeof b.justification === 'string') parts.unshift(`BREAK-GLASS: ${b.justification}`);
  // ICS handovers (issue 8): the briefing's hash records what the incoming commander was told.
  if (typeof b.briefing === 'string') parts.push(`briefing sha256 ${b.briefing}`);
  // Kinds with no such field (a role assigned, a period started) are worded by their own describe().
  if (parts.length === 0) return described(entry, state).slice(0, 160);
  return parts.join(' · ').slice(0, 160);
}

export function TimelineView() {
  const client = useApi();
  const state = useWorkspaceStore(selectState);
  const entries = useTimelineStore(selectTimelineEntries);
  const { total, loading, complete, error, filter } = useTimelineStore(
    useShallow((s) => ({ total: s.total, loading: s.loading, complete: s.complete, error: s.error, filter: s.filter })),
  );

  useEffect(() => {
    const t = useTimelineStore.getState();
    if (!t.loaded && !t.loading) void t.loadLatest(client);
  }, [client]);

  const authors = useMemo(() => (state === null ? [] : Object.values(state.members).sort((a, b) => a.name.localeCompare(b.name))), [state]);

  const renderRow = (i: number) => {
    const e = entries[i];
    if (e === undefined) return null;
    const who = memberName(state, e.header.author);
    const what = summary(e, state);
    return (
      <div className={`timeline-row${e.rejected ? ' rejected' : ''}`} data-testid="timeline-row" data-kind={e.header.kind}>
        <span role="cell" className="t-time">
          {new Date(e.header.hlc.wall).toLocaleTimeString([], TIME_FORMAT)}
        </span>
        <span role="cell" className="t-kind" title={e.header.kind}>
          {kindLabel(e.header.kind)}
        </span>
        <span role="cell" className="t-badge">
          <Badge entry={e} />
        </span>
        <span role="cell" className="t-summary" title={what === '' ? who : `${who}: ${what}`}>
          <span className="t-author">{who}</span>
          {what === '' ? '' : ` · ${what}`}
        </span>
      </div>
    );
  };

  return (
    <div className="panel-body timeline">
      <div className="button-row">
        <select
          aria-label="Filter timeline by kind"
          value={filter.kind ?? ''}
          onChange={(e) => void useTimelineStore.getState().setFilter(client, { ...filter, kind: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">All kinds</option>
          {KIND_OPTIONS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter timeline by author"
          value={filter.author ?? ''}
          onChange={(e) => void useTimelineStore.getState().setFilter(client, { ...filter, author: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">All authors</option>
          {authors.map((m) => (
            <option key={m.key} value={m.key}>
              {m.name}
            </option>
          ))}
        </select>
        <span className="muted" role="status">
          {entries.length.toLocaleString()} of {total.toLocaleString()} loaded{loading ? ' · loading…' : complete ? '' : ' · scroll up for older'}
        </span>
      </div>
      {error && (
        <p role="alert" className="error">
          Timeline: {error}
        </p>
      )}
      <VirtualList
        count={entries.length}
        rowHeight={TIMELINE_ROW_HEIGHT}
        firstKey={entries[0]?.id ?? null}
        renderRow={renderRow}
        onNearStart={() => void useTimelineStore.getState().loadOlder(client)}
        label="Journal timeline"
      />
    </div>
  );
}
