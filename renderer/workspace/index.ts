export { useWorkspaceStore, appendEntry, type WorkspaceStore } from './store';
export { selectState, selectMe, selectConnection, selectError, memberName, sortedIncidents, currentIncident } from './selectors';
