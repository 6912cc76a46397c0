import { contextBridge } from 'electron';

// The renderer gets named functions only, never ipcRenderer itself. The API
// surface grows with shared/api (the console issue); for now the renderer
// learns that it runs inside the desktop shell.
const api = {
  transport: 'electron-ipc' as const,
};

export type Api = typeof api;

contextBridge.exposeInMainWorld('commandpost', api);
