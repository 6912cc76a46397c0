// Public surface of main/api: the console API as request -> result, whatever carries it
// (the WebSocket of main/host, Electron IPC of main/app, the core's MessagePort).
export { handle, apiError, describeZodError } from './apiHandlers';
export { SyncUnavailableError, type HandleOptions, type HandlerMap, type Handler, type SyncApi } from './handlerTypes';
export { respondToFrame, type Dispatch } from './frames';
export { journalPage, UnknownEntryError, type PageQuery } from './journalPage';
