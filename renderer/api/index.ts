export { ApiProvider, useApi } from './ApiContext';
export { WsApiClient, apiUrlFromLocation, type ConnectionStatus, type SocketLike, type WsClientOptions } from './wsClient';
export { accessCheckFromLocation, type FetchLike } from './accessCheck';
export { IpcApiClient } from './ipcClient';
