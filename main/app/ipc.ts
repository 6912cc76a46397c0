import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { MAX_FRAME_BYTES, methods, type MethodName, type Result, type StateChangedEvent, type SyncChangedEvent } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import { apiError, handle, type SyncApi } from '../api';
import type { ChangeFeed } from '../workspace';
import type { DispatchApi } from '../dispatch';
import type { SenderLike } from './trustedSender';

// The API of shared/api/contract.ts over Electron IPC. One `ipcMain.handle`
// per contract method, the channel named as the method (`state:get`, …);
// the work is the same transport-independent `handle()` the WebSocket host
// uses, so params are parsed with the contract's zod schema there and every
// answer is `{ ok, value } | { ok, error }`. Before that, the sender must be
// our own window's main frame showing our renderer, and the payload must fit
// the same size limit as a WebSocket frame. State changes, whoever made
// them, are pushed to the window on the event's own channel ('state:changed'),
// and so are peer sync changes ('sync:changed') when the core runs sync.

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
export type FeedLike = Pick<ChangeFeed, 'workspace' | 'append' | 'appendMany' | 'stateHash' | 'onChange'>;
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'>;
/** Peer sync as the IPC binding needs it (a PeerSync); without one, sync:status says it is unavailable. */
export type SyncLike = SyncApi & { onChange(listener: (event: SyncChangedEvent) => void): () => void };

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  feed: FeedLike;
  /** The core's wall clock (exercise offsets); the workspace's own when absent. */
  clock?: Clock;
  sync?: SyncLike;
  /** The core's dispatcher: actions, previews and the outbox. */
  dispatch?: DispatchApi;
  /** True only for our window's main frame showing our renderer (trustedSender.ts). */
  isTrusted: (event: SenderLike) => boolean;
  /** Where state changes go; null while there is no window. */
  target: () => EventTarget | null;
  /** Problems no caller can be told about (never params: they may hold anything). */
  log: (line: string) => void;
  /** Also told of every state change (desktop notifications). */
  onStateChanged?: (event: StateChangedEvent) => void;
}

export const IPC_CHANNELS = Object.keys(methods) as MethodName[];

/** Bytes of the params as JSON, or null if they are not JSON at all (a BigInt, a cycle). */
function jsonSize(params: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(params ?? null));
  } catch {
    return null;
  }
}

/** One call, as the handler for `method` runs it. Exported for tests; bindIpc is the real entry. */
export function answer(
  opts: Pick<IpcBindingOptions, 'feed' | 'isTrusted' | 'log' | 'sync' | 'clock' | 'dispatch'>,
  method: MethodName,
  event: SenderLike,
  args: unknown[],
): Result<unknown> {
  if (!opts.isTrusted(event)) {
    opts.log(`refused ${method} from a frame that is not the Command Post window (${event.senderFrame?.url ?? 'no frame'})`);
    return apiError('unauthorized', `${method}: only the Command Post window may call the API`);
  }
  if (args.length > 1) return apiError('bad_request', `${method}: expected one params argument, got ${args.length}`);
  const params = args[0];
  const size = jsonSize(params);
  if (size === null) return apiError('bad_request', `${method}: params must be plain JSON data`);
  if (size > MAX_FRAME_BYTES) return apiError('too_large', `${method}: params are ${size} bytes; the limit is ${MAX_FRAME_BYTES}`);
  const { feed } = opts;
  const result = handle(feed.workspace, method, params, {
    transport: 'electron-ipc',
    ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
    append: (draft) => feed.append(draft),
    appendMany: (drafts) => feed.appendMany(drafts),
    stateHash: () => feed.stateHash(),
    ...(opts.sync !== undefined ? { sync: opts.sync } : {}),
    ...(opts.dispatch !== undefined ? { dispatch: opts.dispatch } : {}),
    log: opts.log,
  });
  if (!result.ok && result.error.code === 'internal') opts.log(`internal error in ${method}: ${result.error.message}`);
  return result;
}

/** Register the handlers and the change push; returns a function that removes them all. */
export function bindIpc(opts: IpcBindingOptions): () => void {
  for (const method of IPC_CHANNELS) {
    opts.ipcMain.handle(method, (event: IpcMainInvokeEvent, ...args: unknown[]) => answer(opts, method, event, args));
  }
  const push = (event: StateChangedEvent | SyncChangedEvent) => {
    const target = opts.target();
    if (target !== null && !target.isDestroyed()) target.send(event.type, event);
  };
  const unsubscribe = opts.feed.onChange((event) => {
    push(event);
    opts.onStateChanged?.(event);
  });
  const offSync = opts.sync?.onChange(push) ?? (() => undefined);
  return () => {
    unsubscribe();
    offSync();
    for (const method of IPC_CHANNELS) opts.ipcMain.removeHandler(method);
  };
}
