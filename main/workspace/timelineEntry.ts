import type { TimelineEntry } from '../../shared/api';
import type { Entry } from '../../shared/journal';
import type { WorkspaceState } from '../../shared/state';

/** A stored entry as the UI sees it: no signature, body null when redacted, the fold's verdict attached. */
export function toTimelineEntry(state: Readonly<WorkspaceState>, entry: Entry): TimelineEntry {
  const redactedBy = entry.redactedBy ?? (Object.hasOwn(state.redacted, entry.id) ? (state.redacted[entry.id] ?? null) : null);
  const rejection = Object.hasOwn(state.rejected, entry.id) ? state.rejected[entry.id] : undefined;
  return {
    id: entry.id,
    header: entry.header,
    body: redactedBy === null ? entry.body : null,
    redactedBy,
    rejected: rejection === undefined ? null : { category: rejection.category, reason: rejection.reason },
  };
}
