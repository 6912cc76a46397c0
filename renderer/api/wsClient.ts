import { z } from 'zod';
import {
  ApiErrorSchema,
  type AccessCheck,
  type AccessDeniedReason,
  methods,
  StateChangedEventSchema,
  SyncChangedEventSchema,
  type ApiClient,
  type ApiError,
  type MethodName,
  type ParamsOf,
  type Result,
  type ResultOf,
  type StateChangedEvent,
  type SyncChangedEvent,
} from '../../shared/api';

// ApiClient over the browser WebSocket to `commandpost serve`. Requests carry
// numeric ids and wait in a pending map for their response frame; the host
// pushes `{ event }` frames for state changes. The socket reconnects with
// exponential backoff, and listeners learn the connection status so the
// header can show it. Every inbound frame is parsed with the shared schemas
// once; nothing past this file sees unparsed wire data.

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** The slice of the DOM WebSocket this client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
}

export interface WsClientOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A request not answered within this time fails (it may still have been applied by the host). */
  requestTimeoutMs?: number;
  /**
   * Asked when a socket closes before it opened: does the host still take
   * this token? null: the host could not be asked (down, restarting). A
   * refusal stops reconnecting for good, since a browser cannot read the
   * upgrade's 401 and retrying a stale token would never end.
   */
  checkAccess?: () => Promise<AccessCheck | null>;
}

const OPEN = 1;

const ResponseFrameSchema = z.union([
  z.object({ id: z.number().int().nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int().nullable(), ok: z.literal(false), error: ApiErrorSchema }),
]);
const EventFrameSchema = z.object({ event: z.discriminatedUnion('type', [StateChangedEventSchema, SyncChangedEventSchema]) });

interface Pending {
  method: MethodName;
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
}

/** `ws(s)://<page host>/api?token=<token from the page URL>`. */
export function apiUrlFromLocation(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

function failure(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export class WsApiClient implements ApiClient {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly stateListeners = new Set<(event: StateChangedEvent) => void>();
  private readonly syncListeners = new Set<(event: SyncChangedEvent) => void>();
  private readonly connectionListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly deniedListeners = new Set<(reason: AccessDeniedReason) => void>();
  private denied: AccessDeniedReason | null = null;
  private status: ConnectionStatus = 'connecting';
  private backoffMs: number;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: WsClientOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.backoffMs = this.initialBackoffMs;
    this.connect();
  }

  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<Result<ResultOf<M>>> {
    if (this.closed) return Promise.resolve(failure('internal', 'the connection to the host was closed'));
    const id = this.nextId++;
    const frame = JSON.stringify({ id, method, params });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(failure('internal', `no answer to ${method} within ${this.requestTimeoutMs} ms (${this.status}); it may still have been applied`));
      }, this.requestTimeoutMs);
      const entry: Pending = { method, frame, sent: false, timer, resolve: resolve as (r: Result<unknown>) => void };
      this.pending.set(id, entry);
      this.flush();
    });
  }

  onStateChanged(listener: (event: StateChangedEvent) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onSyncChanged(listener: (event: SyncChangedEvent) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  onConnection(listener: (status: ConnectionStatus) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.status);
    return () => this.connectionListeners.delete(listener);
  }

  /** The host refused this page's token (missing, or stale after a restart); the client has stopped for good. */
  onAccessDenied(listener: (reason: AccessDeniedReason) => void): () => void {
    this.deniedListeners.add(listener);
    if (this.denied !== null) listener(this.denied);
    return () => this.deniedListeners.delete(listener);
  }

  /** Stop reconnecting and fail whatever is still waiting. */
  close(): void {
    this.closed = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'client closed');
    this.failPending(() => true, 'the connection to the host was closed');
  }

  private connect(): void {
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch (err) {
      this.setStatus('offline');
      this.scheduleReconnect();
      console.error('cannot open the API socket', err);
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.backoffMs = this.initialBackoffMs;
      this.setStatus('online');
      this.flush();
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      // Requests already on the wire may or may not have been applied: say so rather than resend.
      this.failPending((p) => p.sent, 'the connection dropped before the host answered; the change may or may not have been applied');
      if (this.closed) return;
      this.setStatus('offline');
      if (opened || this.options.checkAccess === undefined) this.scheduleReconnect();
      else void this.askAccess(this.options.checkAccess);
    };
  }

  /** After a refused or failed connect: give up on a token the host refuses, else retry as usual. */
  private async askAccess(checkAccess: () => Promise<AccessCheck | null>): Promise<void> {
    let check: AccessCheck | null;
    try {
      check = await checkAccess();
    } catch {
      check = null;
    }
    if (this.closed) return;
    if (check?.access !== 'denied') {
      this.scheduleReconnect();
      return;
    }
    this.denied = check.reason;
    this.closed = true;
    this.failPending(() => true, 'this page’s access token is not valid for the host; open the URL `commandpost serve` printed');
    for (const listener of this.deniedListeners) listener(check.reason);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== null) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private flush(): void {
    const socket = this.socket;
    if (socket === null || socket.readyState !== OPEN) return;
    for (const p of this.pending.values()) {
      if (p.sent) continue;
      socket.send(p.frame);
      p.sent = true;
    }
  }

  private failPending(which: (p: Pending) => boolean, message: string): void {
    for (const [id, p] of this.pending) {
      if (!which(p)) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.resolve(failure('internal', message));
    }
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.error('the host sent a frame that is not JSON');
      return;
    }
    const event = EventFrameSchema.safeParse(json);
    if (event.success) {
      const e = event.data.event;
      if (e.type === 'state:changed') for (const listener of this.stateListeners) listener(e);
      else for (const listener of this.syncListeners) listener(e);
      return;
    }
    const response = ResponseFrameSchema.safeParse(json);
    if (!response.success) {
      console.error('the host sent a frame this client does not understand', response.error.issues[0]);
      return;
    }
    const frame = response.data;
    if (frame.id === null) {
      console.error('the host refused a request without an id', frame.ok ? undefined : frame.error);
      return;
    }
    const p = this.pending.get(frame.id);
    if (p === undefined) return;
    this.pending.delete(frame.id);
    clearTimeout(p.timer);
    if (!frame.ok) {
      p.resolve({ ok: false, error: frame.error });
      return;
    }
    const value = methods[p.method].result.safeParse(frame.value);
    p.resolve(
      value.success ? { ok: true, value: value.data } : failure('bad_request', `unexpected ${p.method} result: ${value.error.issues[0]?.message ?? 'invalid'}`),
    );
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status && status !== 'connecting') return;
    this.status = status;
    for (const listener of this.connectionListeners) listener(status);
  }
}
