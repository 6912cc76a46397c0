// Public surface of main/host: the transport. Serves the console (HTTP, the API over a
// WebSocket, /sync for peers) for the core; the API itself is main/api.
export { startHost, API_PATH, type HostOptions, type RunningHost } from './server';
export { HostBindError, checkBindAddress, isLoopbackHost } from './access';
export { CONTENT_SECURITY_POLICY, rendererDir } from './staticFiles';
export { kioskToken, kioskTokenAccount, type TokenVault } from './kioskToken';
export { portAvailable } from './portProbe';
