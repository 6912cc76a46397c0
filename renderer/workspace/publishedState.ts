import { KEYED_SECTIONS, TOP, putOwn, type ItemChanges, type WorkspaceState } from '../../shared/state';
import { shareCopy } from './shareUnchanged';

// The state React holds: never the projector's own objects (the fold changes
// those in place), and sharing every record a change did not touch, so
// memoised components and selectors skip them. The projector names the items
// (stateItems.ts: one per record of a keyed section, one per top-level
// value) each fold changed, so a change costs the records it touched, not a
// walk over the whole state; when it cannot say (a fresh projector, a
// refold), the whole state is compared instead (shareCopy).

type Loose = Record<string, unknown>;

/** `prev` with the changed items replaced by fresh copies of their new values; `live` when the changes are unknown. */
export function publishChanges(prev: WorkspaceState | null, live: Readonly<WorkspaceState>, changes: ItemChanges): WorkspaceState {
  if (prev === null || changes.all) return shareCopy(prev, live as WorkspaceState);
  if (changes.items.length === 0) return prev;
  const next: Loose = { ...prev };
  const copied = new Set<string>();
  for (const [section, key, json] of changes.items) {
    if (section === TOP) {
      // A keyed section's own item only says whether the section exists; its records come as items of their own.
      if (json === null) delete next[key];
      else if (!KEYED_SECTIONS.has(key)) next[key] = JSON.parse(json) as unknown;
      else if (next[key] === undefined) next[key] = {};
      continue;
    }
    if (!copied.has(section)) {
      next[section] = { ...((next[section] as Loose | undefined) ?? {}) };
      copied.add(section);
    }
    const record = next[section] as Loose;
    if (json === null) delete record[key];
    else putOwn(record, key, JSON.parse(json) as unknown);
  }
  return next as unknown as WorkspaceState;
}
