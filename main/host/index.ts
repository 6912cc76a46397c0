export { startHost, API_PATH, type HostOptions, type RunningHost } from './server';
export { handle, apiError, type HandleOptions } from './apiHandlers';
export { ChangeFeed, POLL_MS, WorkspaceBusyError, type ChangeFeedOptions } from './changeFeed';
export { HostBindError, checkBindAddress, isLoopbackHost } from './access';
export { CONTENT_SECURITY_POLICY, rendererDir } from './staticFiles';
export { nodeScheduler, type Scheduler } from './scheduler';
export { PeerSync, PEER_STATUS_PERSIST_MS, type PeerSyncOptions } from './peerSync';
export { PeerStore, PeerUrlError, normalizePeerUrl, parsePeerUrl, type PeerRow } from './peerStore';
export type { SyncApi } from './apiHandlers';
