import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { MAX_FRAME_BYTES, methods, type EventFrame, type MethodName, type Result } from '../../shared/api';
import { apiError, describeZodError } from '../api';
import type { SenderLike } from './trustedSender';

// The API of shared/api/contract.ts over Electron IPC. One `ipcMain.handle`
// per contract method, the channel named as the method (`state:get`, …).
// The main process is the renderer's trust boundary: the sender must be our
// own window's main frame showing our renderer, the payload must be plain
// JSON within the WebSocket frame limit, and the params must parse with the
// contract's zod schema, before anything reaches the core. The core runs in
// its utility process (coreSupervisor.ts), which answers with
// `{ ok, value } | { ok, error }` as it does over the WebSocket; its events
// (state:changed, sync:changed) go to the window on the event's own channel,
// passed on as they came.

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

/** The core as the IPC binding needs it: a CoreSupervisor, or (in tests) a core in this process. */
export interface CoreCaller {
  call(method: MethodName, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  core: CoreCaller;
  /** True only for our window's main frame showing our renderer (trustedSender.ts). */
  isTrusted: (event: SenderLike) => boolean;
  /** Where events go; null while there is no window. */
  target: () => EventTarget | null;
  /** Problems no caller can be told about (never params: they may hold anything). */
  log: (line: string) => void;
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

/** The reason to refuse a call before it reaches the core, or null to pass it on. */
function refusal(opts: Pick<IpcBindingOptions, 'isTrusted' | 'log'>, method: MethodName, event: SenderLike, args: unknown[]): Result<never> | null {
  if (!opts.isTrusted(event)) {
    opts.log(`refused ${method} from a frame that is not the Command Post window (${event.senderFrame?.url ?? 'no frame'})`);
    return apiError('unauthorized', `${method}: only the Command Post window may call the API`);
  }
  if (args.length > 1) return apiError('bad_request', `${method}: expected one params argument, got ${args.length}`);
  const size = jsonSize(args[0]);
  if (size === null) return apiError('bad_request', `${method}: params must be plain JSON data`);
  if (size > MAX_FRAME_BYTES) return apiError('too_large', `${method}: params are ${size} bytes; the limit is ${MAX_FRAME_BYTES}`);
  const parsed = methods[method].params.safeParse(args[0] ?? {});
  if (!parsed.success) return apiError('bad_request', `${method}: ${describeZodError('params', parsed.error)}`);
  return null;
}

/** One call, as the handler for `method` runs it. Exported for tests; bindIpc is the real entry. */
export async function answer(
  opts: Pick<IpcBindingOptions, 'core' | 'isTrusted' | 'log'>,
  method: MethodName,
  event: SenderLike,
  args: unknown[],
): Promise<Result<unknown>> {
  const refused = refusal(opts, method, event, args);
  if (refused !== null) return refused;
  // Internal errors are logged where they happen: by the core, or by the supervisor when the core is down.
  return opts.core.call(method, args[0]);
}

/** Register the handlers and the event push; returns a function that removes them all. */
export function bindIpc(opts: IpcBindingOptions): () => void {
  for (const method of IPC_CHANNELS) {
    opts.ipcMain.handle(method, (event: IpcMainInvokeEvent, ...args: unknown[]) => answer(opts, method, event, args));
  }
  const unsubscribe = opts.core.onEvent((frame) => {
    const target = opts.target();
    if (target !== null && !target.isDestroyed()) target.send(frame.event.type, frame.event);
  });
  return () => {
    unsubscribe();
    for (const method of IPC_CHANNELS) opts.ipcMain.removeHandler(method);
  };
}
