import type { Incident, Member, WorkspaceState } from '../../shared/state';
import type { WorkspaceStore } from './store';

// Named selectors: components pick the smallest slice they need.

export const selectState = (s: WorkspaceStore): WorkspaceState | null => s.state;
export const selectMe = (s: WorkspaceStore): string | null => s.session?.me ?? null;
export const selectConnection = (s: WorkspaceStore) => s.connection;
export const selectError = (s: WorkspaceStore) => s.error;

export function memberName(state: WorkspaceState | null, key: string | null): string {
  if (key === null) return 'nobody';
  const member: Member | undefined = state && Object.hasOwn(state.members, key) ? state.members[key] : undefined;
  return member?.name ?? `${key.slice(0, 8)}…`;
}

/** Incidents, open ones first, newest first within each group. */
export function sortedIncidents(state: WorkspaceState | null): Incident[] {
  if (state === null) return [];
  return Object.values(state.incidents).sort(
    (a, b) => Number(a.status === 'resolved') - Number(b.status === 'resolved') || b.openedAt - a.openedAt || a.id.localeCompare(b.id),
  );
}

/** The incident the console is about: the one picked, else the newest open one, else the newest. */
export function currentIncident(state: WorkspaceState | null, picked: string | null): Incident | null {
  if (state === null) return null;
  if (picked !== null && Object.hasOwn(state.incidents, picked)) return state.incidents[picked] ?? null;
  return sortedIncidents(state)[0] ?? null;
}
