import { z } from 'zod';
import { KIND_NAMES } from '../entries/catalogue';
import { HeaderSchema } from '../journal/format';

// The one API between the UI and the core, declared once. The Electron IPC
// binding (main/app + preload) and the WebSocket host (main/host) are both
// checked against these schemas, and the renderer reaches the core only
// through an ApiClient built on them. Channel names read `capability:verb`;
// every result crosses the boundary as data: { ok: true, value } | { ok: false, error }.

/** Largest request or event frame, in bytes, either transport accepts. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

const JsonObject = z.record(z.string(), z.unknown());

/** A journal entry as the UI sees it (body null when redacted). */
export const TimelineEntrySchema = z.object({
  id: z.string(),
  header: HeaderSchema,
  body: z.unknown().nullable(),
  redactedBy: z.string().nullable(),
  /** Set when the fold rejected the entry. */
  rejected: z.object({ category: z.enum(['unauthorized', 'invalid']), reason: z.string() }).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const SessionSchema = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  /** Public key the host signs this client's commands with. */
  me: z.string(),
  transport: z.enum(['electron-ipc', 'websocket']),
});
export type Session = z.infer<typeof SessionSchema>;

/** Request/response methods: channel -> params and result schemas. */
export const methods = {
  'session:get': { params: z.object({}).strict(), result: SessionSchema },
  /** The whole projection (shared/state WorkspaceState) and its hash. */
  'state:get': { params: z.object({}).strict(), result: z.object({ stateHash: z.string(), entries: z.number().int(), state: JsonObject }) },
  /** Sign and append one entry as the host's device identity; refused entries come back as an error naming the rule. */
  'journal:append': {
    params: z.object({ kind: z.enum(KIND_NAMES as [string, ...string[]]), body: JsonObject }).strict(),
    result: z.object({ id: z.string(), stateHash: z.string() }),
  },
  /** A page of the journal in total order, newest last; `before` is an entry id for paging backwards. */
  'journal:page': {
    params: z
      .object({
        before: z.string().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        kinds: z.array(z.string()).optional(),
        author: z.string().optional(),
      })
      .strict(),
    result: z.object({ entries: z.array(TimelineEntrySchema), total: z.number().int() }),
  },
} as const;

export type MethodName = keyof typeof methods;
export type ParamsOf<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<(typeof methods)[M]['result']>;

/** Pushed by the core after every change, whoever made it (this client, another window, the CLI, a peer). */
export const StateChangedEventSchema = z.object({
  type: z.literal('state:changed'),
  stateHash: z.string(),
  entries: z.number().int(),
  /** The entries stored since the previous event, in total order. */
  added: z.array(TimelineEntrySchema),
});
export type StateChangedEvent = z.infer<typeof StateChangedEventSchema>;

export const ApiErrorSchema = z.object({
  code: z.enum(['bad_request', 'unknown_method', 'refused', 'too_large', 'unauthorized', 'internal']),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Wire frames of the WebSocket transport. */
export const RequestFrameSchema = z.object({ id: z.number().int().min(0), method: z.string(), params: z.unknown() }).strict();
export type RequestFrame = z.infer<typeof RequestFrameSchema>;
export type ResponseFrame = { id: number | null } & Result<unknown>;
export type EventFrame = { event: StateChangedEvent };

/** What the renderer talks to; one implementation per transport. */
export interface ApiClient {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<Result<ResultOf<M>>>;
  /** Returns an unsubscribe function. */
  onStateChanged(listener: (event: StateChangedEvent) => void): () => void;
  /** Connection status for the header's connectivity indicator. */
  onConnection(listener: (status: 'connecting' | 'online' | 'offline') => void): () => void;
}
