import { z } from 'zod';
import {
  ApiErrorSchema,
  methods,
  StateChangedEventSchema,
  SyncChangedEventSchema,
  type ApiClient,
  type MethodName,
  type ParamsOf,
  type Result,
  type ResultOf,
  type StateChangedEvent,
  type SyncChangedEvent,
} from '../../shared/api';
import type { ConnectionStatus } from './wsClient';

// ApiClient over Electron IPC: the preload's `window.commandpost` bridge
// (preload/index.ts). The bridge is described here by shape rather than
// imported (the renderer imports nothing from preload/); a type test holds
// the preload's `Api` to this shape. What comes over the bridge is parsed
// with the shared schemas once, as the WebSocket client does.

/** What the preload exposes as `window.commandpost`. */
export interface CommandPostBridge {
  call(method: MethodName, params: unknown): Promise<unknown>;
  onStateChanged(listener: (event: unknown) => void): () => void;
  onSyncChanged(listener: (event: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    commandpost?: CommandPostBridge;
  }
}

const ResultSchema = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ApiErrorSchema })]);

function failure(message: string): Result<never> {
  return { ok: false, error: { code: 'internal', message } };
}

export class IpcApiClient implements ApiClient {
  constructor(private readonly bridge: CommandPostBridge) {}

  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<Result<ResultOf<M>>> {
    let raw: unknown;
    try {
      raw = await this.bridge.call(method, params);
    } catch (err) {
      // ipcRenderer.invoke rejects only when the main process has no handler or threw: not an API answer.
      return failure(`${method} failed in the desktop shell: ${err instanceof Error ? err.message : String(err)}`);
    }
    const result = ResultSchema.safeParse(raw);
    if (!result.success) return failure(`${method}: the desktop shell sent an answer this client does not understand`);
    if (!result.data.ok) return { ok: false, error: result.data.error };
    const value = methods[method].result.safeParse(result.data.value);
    if (!value.success)
      return { ok: false, error: { code: 'bad_request', message: `unexpected ${method} result: ${value.error.issues[0]?.message ?? 'invalid'}` } };
    return { ok: true, value: value.data as ResultOf<M> };
  }

  onStateChanged(listener: (event: StateChangedEvent) => void): () => void {
    return this.bridge.onStateChanged((raw) => {
      const event = StateChangedEventSchema.safeParse(raw);
      if (event.success) listener(event.data);
      else console.error('the desktop shell sent a state change this client does not understand', event.error.issues[0]);
    });
  }

  onSyncChanged(listener: (event: SyncChangedEvent) => void): () => void {
    return this.bridge.onSyncChanged((raw) => {
      const event = SyncChangedEventSchema.safeParse(raw);
      if (event.success) listener(event.data);
      else console.error('the desktop shell sent a sync change this client does not understand', event.error.issues[0]);
    });
  }

  /** The core runs in this app's own main process: always reachable while the window exists. */
  onConnection(listener: (status: ConnectionStatus) => void): () => void {
    listener('online');
    return () => undefined;
  }
}
