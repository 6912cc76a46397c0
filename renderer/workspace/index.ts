export { useWorkspaceStore, appendEntry, liveCounts, type WorkspaceStore, type LiveCounts } from './store';
export { sha256, sha256Hex, rendererHasher } from './sha256';
export { selectState, selectMe, selectConnection, selectError, memberName, sortedIncidents, currentIncident } from './selectors';
