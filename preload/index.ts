import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { MethodName, Result, StateChangedEvent, SyncChangedEvent } from '../shared/api';

// The bridge between the sandboxed renderer and the main process: named
// functions only, never ipcRenderer itself. `call` reaches exactly the
// contract's methods (shared/api/contract.ts), one IPC channel each, and
// nothing else; main/app/ipc.ts validates every payload and the sender.
// The renderer parses what comes back (renderer/api/ipcClient.ts).
//
// Only types come from shared/api: a sandboxed preload can require nothing
// but 'electron', and the contract's runtime value pulls in zod. The method
// names are therefore listed here, and the compiler holds the list to the
// contract both ways (`satisfies` below and the MissingMethods check).

const METHOD_NAMES = [
  'session:get',
  'state:get',
  'journal:append',
  'journal:page',
  'sync:status',
  'peers:add',
  'peers:remove',
  'actions:list',
  'actions:connectors',
  'actions:preview',
  'actions:request',
  'actions:approve',
  'actions:reject',
  'actions:override',
  'actions:rollback',
  'outbox:list',
  'actions:metrics',
  'catalog:import',
  'playbooks:list',
  'playbooks:publish',
  'playbooks:start',
  'playbooks:runs',
  'playbooks:run',
  'playbooks:advance',
  'playbooks:approve',
  'exercises:scenarios',
  'exercises:status',
  'exercises:start',
  'exercises:fireNow',
  'exercises:adhocInject',
  'exercises:pause',
  'exercises:resume',
  'exercises:setSpeed',
  'exercises:note',
  'exercises:cast',
  'exercises:end',
  'exercises:report',
] as const satisfies readonly MethodName[];
type MissingMethods = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const everyMethodListed: [MissingMethods] extends [never] ? true : MissingMethods = true;
void everyMethodListed;

const STATE_CHANGED: StateChangedEvent['type'] = 'state:changed';
const SYNC_CHANGED: SyncChangedEvent['type'] = 'sync:changed';

/** Forward one event channel to a listener; returns the unsubscribe function. */
function subscribe(channel: string, listener: (event: unknown) => void): () => void {
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

function isMethod(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

const api = {
  /** Call one API method; resolves `{ ok: true, value } | { ok: false, error }`, never rejects for an API error. */
  call(method: MethodName, params: unknown): Promise<Result<unknown>> {
    if (!isMethod(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } });
    }
    return ipcRenderer.invoke(method, params) as Promise<Result<unknown>>;
  },
  /** Every state change, whoever made it; returns the unsubscribe function. */
  onStateChanged(listener: (event: unknown) => void): () => void {
    return subscribe(STATE_CHANGED, listener);
  },
  /** Peer sync status changes (peers, progress, equivocation alerts); returns the unsubscribe function. */
  onSyncChanged(listener: (event: unknown) => void): () => void {
    return subscribe(SYNC_CHANGED, listener);
  },
};

export type Api = typeof api;

contextBridge.exposeInMainWorld('commandpost', api);
