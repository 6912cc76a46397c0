// Public surface of main/sync: peer sync over any Link (WebSocket or simulated).
export { SyncNode, type SyncNodeOptions } from './syncNode';
export { PeerSession, type SessionState } from './session';
export { WorkspaceJournal, type ImportSink } from './workspaceJournal';
export type { SyncJournal, Admission, Standing } from './syncJournal';
export type { Link, LinkFrame } from './link';
export { nodeTimers, type Timers } from './timers';
export { DEFAULT_SYNC_LIMITS, type SyncLimits } from './limits';
export { describeSyncEvent, type SyncEvent, type SyncEventListener } from './events';
export { Reconnector, type Dialer, type PeerLinkStatus, type ReconnectorOptions } from './reconnect';
export { joinWorkspace, JoinError } from './join';
export { PeerRejected, type SyncErrorCode, type VersionVector } from '../../shared/sync';
export { SyncServer, SYNC_PATH, WS_MAX_PAYLOAD, syncUpgrade, type SyncServerOptions } from './server';
export { checkPeerUrl, connectPeer, wsDialer, type ConnectOptions } from './connect';
export { fetchGenesis, workspaceIdFromJoinUrl } from './fetchGenesis';
export { InsecureTransportError, checkPlainWs } from './transportPolicy';
export { wsLink } from './wsLink';
export { serverCertificateOf, type ServerCertificate } from './tlsChannel';
