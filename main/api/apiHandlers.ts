import type { z } from 'zod';
import { methods, SYNC_UNAVAILABLE, type ApiError, type MethodName, type Result } from '../../shared/api';
import type { actionMethods, exerciseMethods, playbookMethods, catalogMethods } from '../../shared/api';
import type { EntryDraft } from '../../shared/entries';
import { BodyTooLargeError } from '../../shared/journal';
import { ReportError } from '../../shared/report';
import { ExerciseError, exerciseHandlers } from '../exercise';
import { EntryRefusedError, type Workspace } from '../workspace';
import { UnknownEntryError, journalPage } from './journalPage';
import { PeerUrlError } from '../sync';
import { ActionStateError, UnknownActionError, actionHandlers } from '../approvals';
import { UnknownConnectorError } from '../dispatch';
import { ConnectorParamsError } from '../connectors';
import { PlaybookRequestError, playbookHandlers } from '../playbook';
import { catalogHandlers, BackstageImportError } from '../catalog';
import { WriteNotAllowedError } from '../journal';
import { SyncUnavailableError, type HandleOptions, type HandlerMap, type SyncApi } from './handlerTypes';

export { SyncUnavailableError, type HandleOptions, type SyncApi } from './handlerTypes';

// The API of shared/api/contract.ts over a Workspace, independent of any
// transport: the WebSocket host uses it, and so can the Electron IPC binding.
// It never throws for anything a client sends; errors come back as data.

function syncOf(opts: HandleOptions): SyncApi {
  if (opts.sync === undefined) throw new SyncUnavailableError();
  return opts.sync;
}

const hashOf = (ws: Workspace, opts: HandleOptions): string => (opts.stateHash ? opts.stateHash() : ws.stateHash());

export function apiError(code: ApiError['code'], message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

function isMethod(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** "params.limit: Too big: expected number to be <=1000" — the first problem zod found, with where. */
export function describeZodError(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${prefix}: invalid`;
  const path = [prefix, ...issue.path.map(String)].join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${path}: ${issue.message}${more}`;
}

const coreHandlers: HandlerMap<
  Exclude<MethodName, keyof typeof actionMethods | keyof typeof exerciseMethods | keyof typeof playbookMethods | keyof typeof catalogMethods>
> = {
  'session:get': (ws, _params, opts) => {
    if (ws.me === null) throw new Error('the host opened the workspace without a device identity');
    return { workspaceId: ws.id, workspaceName: ws.name, me: ws.me, transport: opts.transport ?? 'websocket' };
  },
  'state:get': (ws, _params, opts) => {
    const state = ws.state;
    // lastKey and count: the base a client folds the following state:changed entries onto.
    return { stateHash: hashOf(ws, opts), entries: ws.store.count(), ...ws.position, state: { ...state } };
  },
  'journal:append': (ws, params, opts) => {
    // The catalogue's body schema is applied by the fold, which refuses a bad body with the reason.
    const draft = { kind: params.kind, body: params.body } as EntryDraft;
    const entry = opts.append ? opts.append(draft) : ws.append(draft.kind, draft.body);
    return { id: entry.id, stateHash: hashOf(ws, opts) };
  },
  'journal:page': (ws, params) => journalPage(ws.store.db, ws.state, params),
  'sync:status': (_ws, _params, opts) => opts.sync?.status() ?? SYNC_UNAVAILABLE,
  'peers:add': (_ws, params, opts) => syncOf(opts).addPeer(params.url, params.insecure),
  'peers:remove': (_ws, params, opts) => syncOf(opts).removePeer(params.url),
};

const handlers: HandlerMap<MethodName> = { ...coreHandlers, ...actionHandlers, ...exerciseHandlers, ...playbookHandlers, ...catalogHandlers };

/** Run one API call. Never throws: every failure is an ApiError naming what was wrong. */
export function handle(ws: Workspace, method: string, params: unknown, opts: HandleOptions = {}): Result<unknown> {
  if (!isMethod(method)) {
    return apiError('unknown_method', `unknown method ${JSON.stringify(method)}; known: ${Object.keys(methods).join(', ')}`);
  }
  const parsed = methods[method].params.safeParse(params ?? {});
  if (!parsed.success) return apiError('bad_request', `${method}: ${describeZodError('params', parsed.error)}`);
  try {
    const run = handlers[method] as (ws: Workspace, params: unknown, opts: HandleOptions) => unknown;
    return { ok: true, value: run(ws, parsed.data, opts) };
  } catch (err) {
    return errorResult(err);
  }
}

function errorResult(err: unknown): { ok: false; error: ApiError } {
  if (err instanceof EntryRefusedError) return apiError('refused', err.message);
  if (err instanceof BodyTooLargeError) return apiError('too_large', err.message);
  if (err instanceof UnknownEntryError || err instanceof PeerUrlError) return apiError('bad_request', err.message);
  if (err instanceof SyncUnavailableError || err instanceof ActionStateError || err instanceof WriteNotAllowedError) return apiError('refused', err.message);
  if (err instanceof UnknownActionError || err instanceof UnknownConnectorError || err instanceof ConnectorParamsError)
    return apiError('bad_request', err.message);
  if (err instanceof PlaybookRequestError || err instanceof BackstageImportError) return apiError('bad_request', err.message);
  if (err instanceof ExerciseError || err instanceof ReportError) return apiError('refused', err.message);
  return apiError('internal', err instanceof Error ? err.message : String(err));
}
