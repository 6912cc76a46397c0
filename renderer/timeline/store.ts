import { create } from 'zustand';
import type { ApiClient, TimelineEntry } from '../../shared/api';

// Journal pages for the timeline, oldest first. The newest page loads first;
// older pages load as the reader scrolls up. Filters go to the host (kinds,
// author) so a filtered view of 100,000 entries pages like an unfiltered one;
// live entries from `state:changed` are appended when they match.

export interface TimelineFilter {
  kind: string | null;
  author: string | null;
}

export interface TimelineStore {
  entries: TimelineEntry[];
  total: number;
  filter: TimelineFilter;
  loading: boolean;
  /** True once the newest page has arrived; live entries are appended only after that. */
  loaded: boolean;
  /** True once the oldest entry is loaded. */
  complete: boolean;
  error: string | null;
  loadLatest(client: ApiClient): Promise<void>;
  loadOlder(client: ApiClient): Promise<void>;
  reload(client: ApiClient): Promise<void>;
  setFilter(client: ApiClient, filter: TimelineFilter): Promise<void>;
  receive(added: TimelineEntry[]): void;
  reset(): void;
}

export const TIMELINE_PAGE = 500;

const initial = { entries: [], total: 0, filter: { kind: null, author: null }, loading: false, loaded: false, complete: false, error: null };

export function matchesFilter(entry: TimelineEntry, filter: TimelineFilter): boolean {
  return (filter.kind === null || entry.header.kind === filter.kind) && (filter.author === null || entry.header.author === filter.author);
}

function pageParams(filter: TimelineFilter, before: string | undefined) {
  return {
    limit: TIMELINE_PAGE,
    ...(before === undefined ? {} : { before }),
    ...(filter.kind === null ? {} : { kinds: [filter.kind] }),
    ...(filter.author === null ? {} : { author: filter.author }),
  };
}

/** Bumped on every reload so a late page for an old filter is dropped. */
let generation = 0;

export const useTimelineStore = create<TimelineStore>()((set, get) => ({
  ...initial,
  async loadLatest(client) {
    const gen = ++generation;
    set({ loading: true, error: null });
    const result = await client.call('journal:page', pageParams(get().filter, undefined));
    if (gen !== generation) return;
    if (!result.ok) {
      set({ loading: false, error: result.error.message });
      return;
    }
    const { entries, total } = result.value;
    set({ entries, total, loading: false, loaded: true, complete: entries.length >= total || entries.length < TIMELINE_PAGE });
  },
  async loadOlder(client) {
    const { loading, complete, entries, filter } = get();
    const first = entries[0];
    if (loading || complete || first === undefined) return;
    const gen = generation;
    set({ loading: true });
    const result = await client.call('journal:page', pageParams(filter, first.id));
    if (gen !== generation) return;
    if (!result.ok) {
      set({ loading: false, error: result.error.message });
      return;
    }
    const older = result.value.entries;
    const merged = [...older, ...get().entries];
    set({ entries: merged, total: result.value.total, loading: false, complete: older.length < TIMELINE_PAGE || merged.length >= result.value.total });
  },
  reload(client) {
    return get().loadLatest(client);
  },
  setFilter(client, filter) {
    set({ filter, entries: [], loaded: false, complete: false });
    return get().loadLatest(client);
  },
  receive(added) {
    const { filter, entries, loaded } = get();
    if (!loaded) return; // the first page, when it comes, will include them
    const known = new Set(entries.slice(-added.length * 2).map((e) => e.id));
    const fresh = added.filter((e) => matchesFilter(e, filter) && !known.has(e.id));
    if (fresh.length === 0) return;
    set({ entries: [...entries, ...fresh], total: get().total + fresh.length });
  },
  reset() {
    generation++;
    set(initial);
  },
}));

export const selectTimelineEntries = (s: TimelineStore) => s.entries;
export const selectTimelineMeta = (s: TimelineStore) => ({ total: s.total, loading: s.loading, complete: s.complete, error: s.error, filter: s.filter });
