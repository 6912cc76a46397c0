export { useSyncStore, type SyncStore } from './store';
export { useSyncStatus } from './useSyncStatus';
export { SyncIndicator, syncSummary } from './SyncIndicator';
export { SyncProgress } from './SyncProgress';
export { EquivocationBanner } from './EquivocationBanner';
export { PeersDialog } from './PeersDialog';
