import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TimelineEntry } from '../../shared/api';
import { KIND_NAMES } from '../../shared/entries';
import { exerciseEntrySummary } from '../exercise';
import { useApi } from '../src/api';
import { memberName, selectState, useWorkspaceStore } from '../workspace';
import { selectTimelineEntries, useTimelineStore } from './store';
import { VirtualList } from './VirtualList';

export const TIMELINE_ROW_HEIGHT = 36;

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

function summary(entry: TimelineEntry): string {
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
    return (
      <div className={`timeline-row${e.rejected ? ' rejected' : ''}`} data-testid="timeline-row" data-kind={e.header.kind}>
        <span role="cell" className="t-time">
          {new Date(e.header.hlc.wall).toLocaleTimeString()}
        </span>
        <span role="cell" className="t-author">
          {memberName(state, e.header.author)}
        </span>
        <span role="cell" className="t-kind">
          {e.header.kind}
        </span>
        <span role="cell" className="t-badge">
          <Badge entry={e} />
        </span>
        <span role="cell" className="t-summary">
          {summary(e)}
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
          {KIND_NAMES.map((k) => (
            <option key={k} value={k}>
              {k}
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
